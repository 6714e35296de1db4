import { z } from 'zod';
import { BUILTIN_DATASET, DatasetManifest, DatasetName, Preparation } from '../datasets';

export const Split = z.enum(['train', 'test']);
export type Split = z.infer<typeof Split>;

/** Which dataset a browser request is about; MNIST when not said. */
const datasetField = { dataset: DatasetName.default(BUILTIN_DATASET) };

/** The dataset whose summary is asked for (no argument: MNIST). */
export const DatasetSummaryQuery = z.object(datasetField).prefault({});
export type DatasetSummaryQuery = z.input<typeof DatasetSummaryQuery>;

/** Images by index, for the dataset browser's thumbnails (at most 512 per call). */
export const DatasetImagesQuery = z.object({
  ...datasetField,
  split: Split,
  indices: z.array(z.number().int().min(0).max(99_999_999)).max(512),
});
export type DatasetImagesQuery = z.input<typeof DatasetImagesQuery>;

export const DatasetImages = z.object({
  split: Split,
  indices: z.array(z.number().int()),
  labels: z.array(z.number().int().min(0).max(999)),
  /** height × width × channels bytes per image (the dataset's shape), row-major, channels last, base64. */
  pixelsBase64: z.string(),
});
export type DatasetImages = z.infer<typeof DatasetImages>;

export const DatasetSummary = z.object({
  /** What the dataset is: its class names and image shape (MNIST's when none was asked for). */
  manifest: DatasetManifest,
  train: z.number().int(),
  test: z.number().int(),
  trainLabels: z.string().describe('base64 of one byte per training label'),
  testLabels: z.string().describe('base64 of one byte per test label'),
});
export type DatasetSummary = z.infer<typeof DatasetSummary>;

/** The datasets a run can train on: the built-in MNIST first, then the imported ones. */
export const DatasetList = z.object({
  datasets: z.array(DatasetManifest),
  /** Folders under datasets/ that are not valid datasets, with why. */
  broken: z.array(z.object({ name: z.string(), reason: z.string() })),
});
export type DatasetList = z.infer<typeof DatasetList>;

/** Importing a folder on the machine that runs the engine (a typed path, or one the native dialog chose). */
export const ImportDatasetRequest = z.object({
  name: DatasetName,
  path: z.string().trim().min(1, 'Give the folder to import').max(4096),
  /** Class names in label order; absent: classes.txt, the class folders' names or the label numbers. */
  classes: z.array(z.string().max(64)).min(2).max(1000).optional(),
  /** How pictures are prepared for its models; absent: ink for IDX sets, fit for folders. */
  preparation: Preparation.optional(),
});
export type ImportDatasetRequest = z.input<typeof ImportDatasetRequest>;

/** Skipped files listed in full up to this many; the count says how many in all. */
export const MAX_SKIPPED_LISTED = 200;

export const ImportDatasetResult = z.object({
  manifest: DatasetManifest,
  /** Images per class (index = label) in each split. */
  classCounts: z.object({ train: z.array(z.number().int()), test: z.array(z.number().int()) }),
  skipped: z.array(z.object({ file: z.string(), reason: z.string() })).max(MAX_SKIPPED_LISTED),
  skippedCount: z.number().int().nonnegative(),
});
export type ImportDatasetResult = z.infer<typeof ImportDatasetResult>;

/** Sent while a dataset is imported: the phase (reading headers, then writing images) and how far. */
export const DatasetImportProgress = z.object({
  name: z.string(),
  phase: z.enum(['scanning', 'importing']),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type DatasetImportProgress = z.infer<typeof DatasetImportProgress>;

export const DatasetRef = z.object({ name: DatasetName });

/** A folder the native dialog chose (null: cancelled). */
export const ChosenFolder = z.object({ path: z.string().nullable() });

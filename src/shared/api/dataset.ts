import { z } from 'zod';
import { DatasetManifest } from '../datasets';

export const Split = z.enum(['train', 'test']);
export type Split = z.infer<typeof Split>;

/** Images by index, for the dataset browser's thumbnails (at most 512 per call). */
export const DatasetImagesQuery = z.object({
  split: Split,
  indices: z.array(z.number().int().min(0).max(59_999)).max(512),
});
export type DatasetImagesQuery = z.infer<typeof DatasetImagesQuery>;

export const DatasetImages = z.object({
  split: Split,
  indices: z.array(z.number().int()),
  labels: z.array(z.number().int().min(0).max(9)),
  /** 784 bytes per image, row-major, 0 = black background, base64. */
  pixelsBase64: z.string(),
});
export type DatasetImages = z.infer<typeof DatasetImages>;

export const DatasetSummary = z.object({
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

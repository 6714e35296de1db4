// The dataset browser's data: any dataset's labels for filtering, and thumbnails' pixels by index.
import type { Split } from '../../shared/api/dataset';
import { inputSize } from '../../shared/data-shape';
import { ok } from '../../shared/result';
import type { Dataset } from '../engine/datasets/dataset';
import { listDatasets, openDataset } from '../engine/datasets/store';
import { toBase64 } from './base64';
import type { AppContext } from './context';
import { datasetImportHandlers } from './dataset-import';
import type { Handlers } from './dispatch';

/** Imported datasets kept open (their splits read once): the one browsed and one more. */
const KEPT = 2;

/**
 * Datasets by name, each opened once while its manifest stays the same (a dataset deleted and imported
 * again under its name is opened anew); MNIST is the engine's own cached one.
 */
function datasetCache(root: string): (name: string) => Promise<Dataset> {
  const kept = new Map<string, Dataset>();
  return async (name) => {
    const fresh = await openDataset(root, name);
    const old = kept.get(name);
    if (old && JSON.stringify(old.manifest) === JSON.stringify(fresh.manifest)) return old;
    kept.delete(name);
    kept.set(name, fresh);
    for (const key of kept.keys()) if (kept.size > KEPT) kept.delete(key);
    return fresh;
  };
}

/** The images `indices` of a split (those past its end left out), their labels and pixels. */
function imagesOf(dataset: Dataset, split: Split, indices: readonly number[]) {
  const raw = dataset.split(split);
  const size = inputSize(dataset.manifest.shape);
  const kept = indices.filter((i) => i < raw.count);
  const pixels = new Uint8Array(kept.length * size);
  kept.forEach((index, k) => pixels.set(raw.pixels.subarray(index * size, (index + 1) * size), k * size));
  return { split, indices: kept, labels: kept.map((i) => raw.labels[i]!), pixelsBase64: toBase64(pixels) };
}

/** Handlers of the dataset feature. */
export function datasetHandlers(
  ctx: AppContext,
): Pick<
  Handlers,
  | 'getDatasetSummary'
  | 'getDatasetImages'
  | 'listDatasets'
  | 'importDataset'
  | 'cancelDatasetImport'
  | 'deleteDataset'
  | 'chooseFolder'
> {
  const open = datasetCache(ctx.dataRoot);
  return {
    listDatasets: async () => ok(await listDatasets(ctx.dataRoot)),
    getDatasetSummary: async ({ dataset: name }) => {
      const dataset = await open(name);
      const train = dataset.split('train');
      const test = dataset.split('test');
      return ok({
        manifest: dataset.manifest,
        train: train.count,
        test: test.count,
        trainLabels: toBase64(train.labels),
        testLabels: toBase64(test.labels),
      });
    },
    getDatasetImages: async ({ dataset, split, indices }) =>
      ok(imagesOf(await open(dataset), split, indices)),
    ...datasetImportHandlers(ctx),
  };
}

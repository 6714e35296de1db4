// The dataset browser's data: labels for filtering, and thumbnails' pixels by index.
import { MNIST_SHAPE, inputSize } from '../../shared/data-shape';
import { ok } from '../../shared/result';
import { loadMnistRaw } from '../engine/data/mnist';
import { listDatasets } from '../engine/datasets/store';
import type { AppContext } from './context';

const IMAGE_SIZE = inputSize(MNIST_SHAPE);
import { toBase64 } from './base64';
import type { Handlers } from './dispatch';

/** Handlers of the dataset feature. */
export function datasetHandlers(
  ctx: AppContext,
): Pick<Handlers, 'getDatasetSummary' | 'getDatasetImages' | 'listDatasets'> {
  return {
    listDatasets: async () => ok(await listDatasets(ctx.dataRoot)),
    getDatasetSummary: () => {
      const train = loadMnistRaw('train');
      const test = loadMnistRaw('test');
      return Promise.resolve(
        ok({
          train: train.count,
          test: test.count,
          trainLabels: toBase64(train.labels),
          testLabels: toBase64(test.labels),
        }),
      );
    },
    getDatasetImages: ({ split, indices }) => {
      const raw = loadMnistRaw(split);
      const kept = indices.filter((i) => i < raw.count);
      const pixels = new Uint8Array(kept.length * IMAGE_SIZE);
      kept.forEach((index, k) =>
        pixels.set(raw.pixels.subarray(index * IMAGE_SIZE, (index + 1) * IMAGE_SIZE), k * IMAGE_SIZE),
      );
      return Promise.resolve(
        ok({ split, indices: kept, labels: kept.map((i) => raw.labels[i]!), pixelsBase64: toBase64(pixels) }),
      );
    },
  };
}

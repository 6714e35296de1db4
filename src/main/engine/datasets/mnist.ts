// The built-in MNIST as a Dataset.
import { MNIST_MANIFEST } from '../../../shared/datasets';
import { loadMnistRaw } from '../data/mnist';
import type { Dataset } from './dataset';

export const mnistDataset: Dataset = {
  manifest: MNIST_MANIFEST,
  split: (split) => loadMnistRaw(split),
};

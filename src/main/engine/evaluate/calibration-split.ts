// The calibration split: the last training examples of a model's dataset (MNIST's last
// HELD_OUT_DIGITS), which every recipe keeps out of training (TrainConfig.holdOut). Conformal
// prediction sets and thresholds with a guarantee are fitted on it, so the test set stays for the
// figures reported against those promises.
import { calibrationSize, type TrainConfig } from '../../../shared/training';
import { MNIST_MODEL_DATASET, type ModelDataset } from '../../../shared/datasets';
import { heldOutSize } from '../families';
import { splitRows } from '../data/dataset';
import type { Dataset } from '../datasets/dataset';
import { mnistDataset } from '../datasets/mnist';

export interface CalibrationSplit {
  /** count × inputSize pixels in [0, 1] (a view into the resident training split). */
  pixels: Float32Array;
  labels: Uint8Array;
  count: number;
  /** Training indices [start, start + count). */
  start: number;
}

/** The held-out training examples of `dataset` (views, nothing copied). */
export function calibrationSplit(dataset: Dataset = mnistDataset): CalibrationSplit {
  const train = dataset.manifest.splits.train;
  const count = calibrationSize(train);
  const start = train - count;
  const { pixels, labels } = splitRows(dataset, 'train', start, train);
  return { pixels, labels, count, start };
}

/**
 * True when a model of `config` was trained on some of the calibration examples (MNIST models made
 * before holdOut existed saw all 60k): its conformal coverage on them is then optimistic, and the
 * UI says so.
 */
export function calibrationSeenInTraining(
  config: TrainConfig,
  data: ModelDataset = MNIST_MODEL_DATASET,
): boolean {
  return heldOutSize(config, data) < calibrationSize(data.splits.train);
}

// The calibration split: MNIST's last HELD_OUT_DIGITS training digits, which every recipe keeps
// out of training (TrainConfig.holdOut). Conformal prediction sets and thresholds with a guarantee
// are fitted on it, so the test set stays for the figures reported against those promises.
import { HELD_OUT_DIGITS, type TrainConfig } from '../../../shared/training';
import { inputSize, MNIST_SHAPE } from '../../../shared/data-shape';
import { heldOutSize } from '../families';
import { loadMnistPixels, loadMnistRaw, SPLIT_SIZES } from '../data/mnist';

export interface CalibrationSplit {
  /** count × 784 pixels in [0, 1] (a view into the resident training split). */
  pixels: Float32Array;
  labels: Uint8Array;
  count: number;
  /** MNIST training indices [start, start + count). */
  start: number;
}

/** The held-out training digits (views, nothing copied). */
export function calibrationSplit(): CalibrationSplit {
  const size = inputSize(MNIST_SHAPE);
  const start = SPLIT_SIZES.train - HELD_OUT_DIGITS;
  return {
    pixels: loadMnistPixels('train').subarray(start * size, SPLIT_SIZES.train * size),
    labels: loadMnistRaw('train').labels.subarray(start, SPLIT_SIZES.train),
    count: HELD_OUT_DIGITS,
    start,
  };
}

/**
 * True when a model of `config` was trained on some of the calibration digits (models made before
 * holdOut existed saw all 60k): its conformal coverage on them is then optimistic, and the UI says so.
 */
export function calibrationSeenInTraining(config: TrainConfig): boolean {
  return heldOutSize(config) < HELD_OUT_DIGITS;
}

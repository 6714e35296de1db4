// MNIST as resident tensors plus a deterministic batch schedule. The pixels are uploaded once;
// each step uploads only a small int32 index vector and gathers the batch on the backend.
import type * as TF from '@tensorflow/tfjs';
import { Rng, mixSeed } from '../bnn/rng';
import { IMAGE_SIZE, NUM_CLASSES, loadMnistPixels, loadMnistRaw, type Split } from './mnist';

/** One split on the backend: images [n, 784] in [0, 1], one-hot labels [n, 10], labels [n]. */
export interface SplitTensors {
  count: number;
  images: TF.Tensor2D;
  oneHot: TF.Tensor2D;
  labels: Uint8Array;
  dispose(): void;
}

/** Uploads the first `limit` examples of a split (all by default) as tensors. */
export function splitTensors(tf: typeof TF, split: Split, limit?: number): SplitTensors {
  const raw = loadMnistRaw(split);
  const count = Math.min(limit ?? raw.count, raw.count);
  const pixels = loadMnistPixels(split).subarray(0, count * IMAGE_SIZE);
  const labels = raw.labels.subarray(0, count);
  const oneHotData = new Float32Array(count * NUM_CLASSES);
  for (let i = 0; i < count; i++) oneHotData[i * NUM_CLASSES + labels[i]!] = 1;
  const images = tf.tensor2d(pixels, [count, IMAGE_SIZE], 'float32');
  const oneHot = tf.tensor2d(oneHotData, [count, NUM_CLASSES], 'float32');
  return {
    count,
    images,
    oneHot,
    labels,
    dispose: () => {
      images.dispose();
      oneHot.dispose();
    },
  };
}

/**
 * Which training examples step t uses: epochs are seeded permutations (drop-remainder batches),
 * so the batch of any step is a pure function of (seed, step) and resuming needs no state.
 */
export class BatchSchedule {
  private readonly perEpoch: number;
  private epoch = -1;
  private order: Int32Array = new Int32Array(0);

  constructor(
    private readonly seed: number,
    private readonly count: number,
    private readonly batchSize: number,
  ) {
    this.perEpoch = Math.max(1, Math.floor(count / batchSize));
  }

  /** The example indices of step `step` (a view; copy it to keep it). */
  indices(step: number): Int32Array {
    const epoch = Math.floor(step / this.perEpoch);
    if (epoch !== this.epoch) {
      this.order = new Rng(mixSeed(this.seed, 0xba7c, epoch)).permutation(this.count);
      this.epoch = epoch;
    }
    const start = (step % this.perEpoch) * this.batchSize;
    if (this.batchSize > this.count) return this.order;
    return this.order.subarray(start, start + this.batchSize);
  }
}

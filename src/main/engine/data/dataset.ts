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

/** Rewrites rows of a batch in place before upload (outlier exposure); a pure function of `step`. */
export type BatchFill = (x: Float32Array, y: Float32Array, rows: number, step: number) => void;

/**
 * Builds training batches on the JS side: copies the batch's rows (not the set) from the resident
 * Float32Array into a reused buffer and uploads that. On tfjs-node this is ~10× cheaper than
 * tf.gather on a resident [60000, 784] tensor (measured: ~0.1 ms vs ~1 ms per batch).
 */
export class BatchSource {
  private readonly pixels: Float32Array;
  private readonly labels: Uint8Array;
  private x: Float32Array;
  private y: Float32Array;

  constructor(
    split: Split,
    private readonly schedule: BatchSchedule,
    private readonly batchSize: number,
    private readonly fill?: BatchFill,
  ) {
    this.pixels = loadMnistPixels(split);
    this.labels = loadMnistRaw(split).labels;
    this.x = new Float32Array(batchSize * IMAGE_SIZE);
    this.y = new Float32Array(batchSize * NUM_CLASSES);
  }

  /** Writes the batch of update `step` into the buffers at batch slot `slot`; returns its rows. */
  private write(step: number, slot: number): number {
    const idx = this.schedule.indices(step);
    const rows = idx.length;
    const x = this.x.subarray(slot * rows * IMAGE_SIZE, (slot + 1) * rows * IMAGE_SIZE);
    const y = this.y.subarray(slot * rows * NUM_CLASSES, (slot + 1) * rows * NUM_CLASSES);
    y.fill(0);
    for (let r = 0; r < rows; r++) {
      const i = idx[r]!;
      x.set(this.pixels.subarray(i * IMAGE_SIZE, (i + 1) * IMAGE_SIZE), r * IMAGE_SIZE);
      y[r * NUM_CLASSES + this.labels[i]!] = 1;
    }
    this.fill?.(x, y, rows, step);
    return rows;
  }

  /** The batch of update `step` as new tensors x [B, 784] and one-hot y [B, 10]. */
  batch(tf: typeof TF, step: number): { x: TF.Tensor2D; y: TF.Tensor2D } {
    const rows = this.write(step, 0);
    return {
      x: tf.tensor2d(this.x.subarray(0, rows * IMAGE_SIZE), [rows, IMAGE_SIZE]),
      y: tf.tensor2d(this.y.subarray(0, rows * NUM_CLASSES), [rows, NUM_CLASSES]),
    };
  }

  /** The batches of updates step … step+count−1 stacked: x [count, B, 784], y [count, B, 10]. */
  batches(tf: typeof TF, step: number, count: number): { x: TF.Tensor3D; y: TF.Tensor3D } {
    const rows = this.schedule.indices(step).length;
    if (this.x.length < count * rows * IMAGE_SIZE) {
      this.x = new Float32Array(count * rows * IMAGE_SIZE);
      this.y = new Float32Array(count * rows * NUM_CLASSES);
    }
    for (let k = 0; k < count; k++) this.write(step + k, k);
    return {
      x: tf.tensor3d(this.x.subarray(0, count * rows * IMAGE_SIZE), [count, rows, IMAGE_SIZE]),
      y: tf.tensor3d(this.y.subarray(0, count * rows * NUM_CLASSES), [count, rows, NUM_CLASSES]),
    };
  }
}

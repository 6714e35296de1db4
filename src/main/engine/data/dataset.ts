// A dataset's split as resident tensors plus a deterministic batch schedule. The pixels are kept
// once per split as float32; each step copies only its batch's rows and uploads them.
import type * as TF from '@tensorflow/tfjs';
import type { Split } from '../../../shared/api/dataset';
import { inputSize } from '../../../shared/data-shape';
import { Rng, mixSeed } from '../bnn/rng';
import type { Dataset } from '../datasets/dataset';
import { unitPixels } from './mnist';

/** One split on the backend: images [n, inputSize] in [0, 1], one-hot labels [n, classes], labels [n]. */
export interface SplitTensors {
  count: number;
  images: TF.Tensor2D;
  oneHot: TF.Tensor2D;
  labels: Uint8Array;
  dispose(): void;
}

/** Examples start … end−1 of a dataset's split: pixels in [0, 1] and one-hot labels. */
export function splitRows(
  dataset: Dataset,
  split: Split,
  start: number,
  end: number,
): { pixels: Float32Array; labels: Uint8Array; oneHot: Float32Array } {
  const { shape } = dataset.manifest;
  const size = inputSize(shape);
  const { pixels, labels: all } = dataset.split(split);
  const labels = all.subarray(start, end);
  const oneHot = new Float32Array(labels.length * shape.classes);
  labels.forEach((label, i) => (oneHot[i * shape.classes + label] = 1));
  return { pixels: unitPixels(pixels).subarray(start * size, end * size), labels, oneHot };
}

/** Uploads the first `limit` examples of a dataset's split (all by default) as tensors. */
export function splitTensors(tf: typeof TF, dataset: Dataset, split: Split, limit?: number): SplitTensors {
  const { shape } = dataset.manifest;
  const all = dataset.split(split).count;
  const count = Math.min(limit ?? all, all);
  const rows = splitRows(dataset, split, 0, count);
  const labels = rows.labels;
  const images = tf.tensor2d(rows.pixels, [count, inputSize(shape)], 'float32');
  const oneHot = tf.tensor2d(rows.oneHot, [count, shape.classes], 'float32');
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
  private readonly size: number;
  private readonly classes: number;
  private x: Float32Array;
  private y: Float32Array;

  constructor(
    dataset: Dataset,
    split: Split,
    private readonly schedule: BatchSchedule,
    batchSize: number,
    private readonly fill?: BatchFill,
  ) {
    const { shape } = dataset.manifest;
    this.pixels = unitPixels(dataset.split(split).pixels);
    this.labels = dataset.split(split).labels;
    this.size = inputSize(shape);
    this.classes = shape.classes;
    this.x = new Float32Array(batchSize * this.size);
    this.y = new Float32Array(batchSize * this.classes);
  }

  /** Writes the batch of update `step` into the buffers at batch slot `slot`; returns its rows. */
  private write(step: number, slot: number): number {
    const idx = this.schedule.indices(step);
    const rows = idx.length;
    const x = this.x.subarray(slot * rows * this.size, (slot + 1) * rows * this.size);
    const y = this.y.subarray(slot * rows * this.classes, (slot + 1) * rows * this.classes);
    y.fill(0);
    for (let r = 0; r < rows; r++) {
      const i = idx[r]!;
      x.set(this.pixels.subarray(i * this.size, (i + 1) * this.size), r * this.size);
      y[r * this.classes + this.labels[i]!] = 1;
    }
    this.fill?.(x, y, rows, step);
    return rows;
  }

  /** The batch of update `step` as new tensors x [B, inputSize] and one-hot y [B, classes]. */
  batch(tf: typeof TF, step: number): { x: TF.Tensor2D; y: TF.Tensor2D } {
    const rows = this.write(step, 0);
    return {
      x: tf.tensor2d(this.x.subarray(0, rows * this.size), [rows, this.size]),
      y: tf.tensor2d(this.y.subarray(0, rows * this.classes), [rows, this.classes]),
    };
  }

  /** The batches of updates step … step+count−1 stacked: x [count, B, inputSize], y [count, B, classes]. */
  batches(tf: typeof TF, step: number, count: number): { x: TF.Tensor3D; y: TF.Tensor3D } {
    const rows = this.schedule.indices(step).length;
    if (this.x.length < count * rows * this.size) {
      this.x = new Float32Array(count * rows * this.size);
      this.y = new Float32Array(count * rows * this.classes);
    }
    for (let k = 0; k < count; k++) this.write(step + k, k);
    return {
      x: tf.tensor3d(this.x.subarray(0, count * rows * this.size), [count, rows, this.size]),
      y: tf.tensor3d(this.y.subarray(0, count * rows * this.classes), [count, rows, this.classes]),
    };
  }
}

// Runs S posterior samples over a set of inputs block by block and sums them as they come
// (SampleSums), so 60k images × 100 samples never hold 60k × 100 × 10 probabilities. One sample
// of one block is the unit of work: between units the event loop runs (other requests are
// answered), progress is reported and a cancellation is honoured.
import type * as TF from '@tensorflow/tfjs';
import { MNIST_SHAPE, inputSize, type DataShape } from '../../../shared/data-shape';
import { CodedError } from '../../../shared/result';
import { SampleSums, type PredictiveSummary } from '../../../shared/uncertainty/scores';
import type { BlockSampler } from '../bnn/local-predict';
import { pixelsToUnit } from '../data/mnist';

const DEFAULT_SAMPLES = 100;
/** Rows per block: one sample of 5000 rows of the default model is tens of milliseconds. */
const BLOCK_ROWS = 5000;

/** Pixels of N images, row-major: float32 in [0, 1], or bytes 0–255 (MNIST's own, scaled per block). */
export type PixelRows = Float32Array | Uint8Array;

export interface SampleOptions {
  /** Posterior samples S (default 100). */
  samples?: number;
  /** The inputs' shape and class count (default MNIST's). */
  shape?: DataShape;
  /** Inputs per block (default 5000). */
  blockRows?: number;
  /** Called after each unit with (sample-rows done, sample-rows in all). */
  onProgress?: (done: number, total: number) => void;
  /** Aborting stops at the next unit with CodedError('cancelled'). */
  signal?: AbortSignal;
}

/** A sampler for one block of inputs [rows, 784]; see FirstLayerLocalSampling. */
export type BlockSamplerFactory = (x: TF.Tensor2D) => BlockSampler;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function blockTensor(
  tf: typeof TF,
  inputs: PixelRows,
  size: number,
  start: number,
  rows: number,
): TF.Tensor2D {
  const part = inputs.subarray(start * size, (start + rows) * size);
  const floats = part instanceof Float32Array ? part : pixelsToUnit(part);
  return tf.tensor2d(floats, [rows, size]);
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CodedError('cancelled', 'the scoring was cancelled');
}

/** Samples the posterior over `inputs` and summarises: mean, std, prediction and the four scores. */
export async function summariseInBlocks(
  tf: typeof TF,
  samplerFor: BlockSamplerFactory,
  inputs: PixelRows,
  {
    samples = DEFAULT_SAMPLES,
    shape = MNIST_SHAPE,
    blockRows = BLOCK_ROWS,
    onProgress,
    signal,
  }: SampleOptions = {},
): Promise<PredictiveSummary> {
  const size = inputSize(shape);
  if (inputs.length % size !== 0)
    throw new RangeError(`inputs must be N×${size}, got ${inputs.length} values`);
  const count = inputs.length / size;
  const sums = new SampleSums(count, shape.classes);
  for (let start = 0; start < count; start += blockRows) {
    throwIfCancelled(signal);
    const rows = Math.min(blockRows, count - start);
    const x = blockTensor(tf, inputs, size, start, rows);
    const sampler = samplerFor(x);
    try {
      for (let s = 0; s < samples; s++) {
        const probs = sampler.probs(s);
        const values = (await probs.data()) as Float32Array;
        probs.dispose();
        sums.add(values, start);
        onProgress?.(start * samples + (s + 1) * rows, count * samples);
        await nextTurn();
        throwIfCancelled(signal);
      }
    } finally {
      sampler.dispose();
      x.dispose();
    }
  }
  return sums.summary(samples);
}

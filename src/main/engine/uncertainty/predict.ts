// Runs S posterior samples over a set of inputs in large batches and hands the probabilities to the
// shared (pure) uncertainty code. Every tensor is made inside tf.tidy or disposed.

import type * as TF from '@tensorflow/tfjs';
import { summarizeSamples, type PredictiveSummary } from '../../../shared/uncertainty/scores';

export const DEFAULT_SAMPLES = 100;
const CLASSES = 10;
const PIXELS = 784;

export interface SampleOptions {
  /** Posterior samples S (default 100). */
  samples?: number;
  /** Inputs per forward pass (default: all, up to 10 000). */
  batchSize?: number;
  /** Called after each batch of samples with (samples done, samples total). */
  onProgress?: (done: number, total: number) => void;
}

/** One posterior sample's logits for a batch: [B, 784] → [B, 10]. Sampling its own weights each call. */
export type SampleLogits = (x: TF.Tensor2D) => TF.Tensor2D;

/**
 * Runs `samples` posterior samples over `inputs` ([N, 784] row-major) and returns the class
 * probabilities, sample-major [S, N, 10]. Several samples are stacked per download to keep calls few.
 */
export async function samplePredictions(
  tf: typeof TF,
  sampleLogits: SampleLogits,
  inputs: Float32Array,
  { samples = DEFAULT_SAMPLES, batchSize = 10_000, onProgress }: SampleOptions = {},
): Promise<Float32Array> {
  if (inputs.length % PIXELS !== 0)
    throw new RangeError(`inputs must be N×${PIXELS}, got ${inputs.length} values`);
  const count = inputs.length / PIXELS;
  const probs = new Float32Array(samples * count * CLASSES);
  const batch = Math.max(1, Math.min(batchSize, count));
  // About a million rows per download: few round trips, bounded memory.
  const samplesPerCall = Math.max(1, Math.min(samples, Math.floor(1_000_000 / batch)));
  for (let start = 0; start < count; start += batch) {
    const rows = Math.min(batch, count - start);
    const x = tf.tensor2d(inputs.subarray(start * PIXELS, (start + rows) * PIXELS), [rows, PIXELS]);
    try {
      for (let s0 = 0; s0 < samples; s0 += samplesPerCall) {
        const k = Math.min(samplesPerCall, samples - s0);
        const stacked = tf.tidy(() => tf.stack(Array.from({ length: k }, () => tf.softmax(sampleLogits(x)))));
        const values = (await stacked.data()) as Float32Array;
        stacked.dispose();
        for (let j = 0; j < k; j++) {
          const offset = ((s0 + j) * count + start) * CLASSES;
          probs.set(values.subarray(j * rows * CLASSES, (j + 1) * rows * CLASSES), offset);
        }
        onProgress?.(
          Math.min(samples, s0 + k) + (start / batch) * samples,
          Math.ceil(count / batch) * samples,
        );
      }
    } finally {
      x.dispose();
    }
  }
  return probs;
}

/** Samples the posterior over `inputs` and summarises: mean, std, prediction and the four scores. */
export async function predictWithUncertainty(
  tf: typeof TF,
  sampleLogits: SampleLogits,
  inputs: Float32Array,
  options: SampleOptions = {},
): Promise<PredictiveSummary> {
  const samples = options.samples ?? DEFAULT_SAMPLES;
  const probs = await samplePredictions(tf, sampleLogits, inputs, { ...options, samples });
  return summarizeSamples(probs, samples, inputs.length / PIXELS, CLASSES);
}

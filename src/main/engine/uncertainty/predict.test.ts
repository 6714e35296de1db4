import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBackend } from '../backend';
import { predictWithUncertainty, samplePredictions } from './predict';

let tf: typeof TF;
beforeAll(async () => {
  ({ tf } = await loadBackend());
});

/** A fake posterior: logits favour class (sum of pixels mod 10); sample k adds 3k to class 9's logit. */
function fakeSampler(): { sampleLogits: (x: TF.Tensor2D) => TF.Tensor2D; calls: () => number } {
  let calls = 0;
  const sampleLogits = (x: TF.Tensor2D): TF.Tensor2D => {
    const k = calls++;
    const cls = x.sum<TF.Tensor1D>(1).round().mod<TF.Tensor1D>(10).toInt();
    const bump = tf.oneHot(tf.fill<TF.Rank.R1>([x.shape[0]], 9, 'int32'), 10).mul<TF.Tensor2D>(3 * k);
    return tf.oneHot(cls, 10).mul<TF.Tensor2D>(5).add<TF.Tensor2D>(bump);
  };
  return { sampleLogits, calls: () => calls };
}

function inputsWithSums(sums: number[]): Float32Array {
  const inputs = new Float32Array(sums.length * 784);
  sums.forEach((s, i) => (inputs[i * 784] = s));
  return inputs;
}

describe('samplePredictions', () => {
  it('lays out probabilities sample-major [S, N, 10] across batches', async () => {
    const { sampleLogits } = fakeSampler();
    const inputs = inputsWithSums([3, 7, 1]);
    const probs = await samplePredictions(tf, sampleLogits, inputs, { samples: 4, batchSize: 2 });
    expect(probs).toHaveLength(4 * 3 * 10);
    // Sample 0 of example 1 (sum 7): class 7 holds e^5 / (e^5 + 9).
    const p = probs.subarray((0 * 3 + 1) * 10, (0 * 3 + 1) * 10 + 10);
    expect(p[7]).toBeCloseTo(Math.exp(5) / (Math.exp(5) + 9), 5);
    for (let r = 0; r < 12; r++)
      expect(probs.subarray(r * 10, r * 10 + 10).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('leaks no tensors', async () => {
    const { sampleLogits } = fakeSampler();
    const before = tf.memory().numTensors;
    await samplePredictions(tf, sampleLogits, inputsWithSums([1, 2, 3, 4, 5]), { samples: 7, batchSize: 2 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses inputs that are not N×784', async () => {
    await expect(samplePredictions(tf, fakeSampler().sampleLogits, new Float32Array(10))).rejects.toThrow(
      RangeError,
    );
  });
});

describe('predictWithUncertainty', () => {
  it('predicts the favoured class, and disagreeing samples raise the std', async () => {
    const { sampleLogits, calls } = fakeSampler();
    const summary = await predictWithUncertainty(tf, sampleLogits, inputsWithSums([2, 4]), { samples: 3 });
    expect(calls()).toBe(3);
    expect(Array.from(summary.predicted)).toEqual([2, 4]);
    expect(summary.std[0]).toBeGreaterThan(0.05);
    expect(summary.mutualInformation[0]).toBeGreaterThan(0);
  });

  // Speed is measured by `npm run bench:check`; here only that a full-size run leaks no tensors.
  it('runs 10k inputs × 100 samples of a small MLP without leaking tensors', async () => {
    const w = tf.randomNormal<TF.Rank.R2>([784, 10], 0, 0.05, 'float32', 1);
    const sampleLogits = (x: TF.Tensor2D): TF.Tensor2D =>
      tf.matMul<TF.Tensor2D>(x, w.add(tf.randomNormal([784, 10], 0, 0.01)));
    const inputs = Float32Array.from({ length: 10_000 * 784 }, (_, i) => (i % 13) / 13);
    const before = tf.memory().numTensors;
    const summary = await predictWithUncertainty(tf, sampleLogits, inputs, { samples: 100 });
    expect(summary.count).toBe(10_000);
    expect(tf.memory().numTensors).toBe(before);
    w.dispose();
  });
});

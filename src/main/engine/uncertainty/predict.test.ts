import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { summarizeSamples } from '../../../shared/uncertainty/scores';
import { loadBackend } from '../backend';
import type { BlockSampler } from '../bnn/local-predict';
import { summariseInBlocks } from './predict';

let tf: typeof TF;
beforeAll(async () => {
  ({ tf } = await loadBackend());
});

/** A fake posterior: sample s favours class (pixel sum + s) mod 10 of each row, by a margin of 2 + s. */
function fakeSampler(x: TF.Tensor2D): BlockSampler {
  const sums = tf.tidy(() => tf.round(tf.sum<TF.Tensor1D>(x, 1)));
  return {
    probs: (s) =>
      tf.tidy(() => {
        const cls = tf.mod<TF.Tensor1D>(tf.add(sums, s), 10).toInt();
        return tf.softmax(tf.mul<TF.Tensor2D>(tf.oneHot(cls, 10), 2 + s));
      }),
    dispose: () => sums.dispose(),
  };
}

/** What the fake sampler gives, as one sample-major array [S, N, 10]. */
function expectedProbs(sums: number[], samples: number): Float32Array {
  const out = new Float32Array(samples * sums.length * 10);
  for (let s = 0; s < samples; s++)
    sums.forEach((sum, i) => {
      const z = Math.exp(2 + s);
      for (let c = 0; c < 10; c++)
        out[(s * sums.length + i) * 10 + c] = (c === (sum + s) % 10 ? z : 1) / (z + 9);
    });
  return out;
}

function inputsWithSums(sums: number[]): Float32Array {
  const inputs = new Float32Array(sums.length * 784);
  sums.forEach((s, i) => (inputs[i * 784] = s));
  return inputs;
}

describe('summariseInBlocks', () => {
  it('sums blocks of rows sample by sample into the summary of all samples at once', async () => {
    const sums = [3, 7, 1, 4, 9];
    const summary = await summariseInBlocks(tf, fakeSampler, inputsWithSums(sums), {
      samples: 4,
      blockRows: 2,
    });
    const direct = summarizeSamples(expectedProbs(sums, 4), 4, sums.length);
    expect(Array.from(summary.predicted)).toEqual(Array.from(direct.predicted));
    for (let i = 0; i < sums.length; i++) {
      expect(summary.entropy[i]).toBeCloseTo(direct.entropy[i]!, 5);
      expect(summary.std[i]).toBeCloseTo(direct.std[i]!, 5);
      expect(summary.mutualInformation[i]).toBeCloseTo(direct.mutualInformation[i]!, 5);
    }
  });

  it('reads bytes 0–255 as pixels scaled to [0, 1]', async () => {
    const bytes = new Uint8Array(2 * 784);
    bytes[0] = 255;
    bytes[784] = 255;
    bytes[785] = 255;
    const summary = await summariseInBlocks(tf, fakeSampler, bytes, { samples: 1 });
    expect(Array.from(summary.predicted)).toEqual([1, 2]);
  });

  it('reports progress up to the total and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const seen: [number, number][] = [];
    await summariseInBlocks(tf, fakeSampler, inputsWithSums([1, 2, 3, 4, 5]), {
      samples: 3,
      blockRows: 2,
      onProgress: (done, total) => seen.push([done, total]),
    });
    expect(seen).toHaveLength(9);
    expect(seen.at(-1)).toEqual([15, 15]);
    expect(seen.every(([done], i) => i === 0 || done > seen[i - 1]![0])).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('lets other work run between samples, and stops with `cancelled` when aborted', async () => {
    const abort = new AbortController();
    let timerRan = false;
    const before = tf.memory().numTensors;
    const running = summariseInBlocks(tf, fakeSampler, inputsWithSums([1, 2, 3]), {
      samples: 1000,
      signal: abort.signal,
    });
    // A timer set after the work started fires while it still runs, and can cancel it.
    setTimeout(() => {
      timerRan = true;
      abort.abort();
    }, 0);
    await expect(running).rejects.toMatchObject({ code: 'cancelled' });
    expect(timerRan).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses inputs that are not N×784', async () => {
    await expect(summariseInBlocks(tf, fakeSampler, new Float32Array(10))).rejects.toThrow(RangeError);
  });
});

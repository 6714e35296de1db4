import { describe, expect, it } from 'vitest';
import { summarizeSamples } from '../../../shared/uncertainty/scores';
import { loadBackend } from '../backend';
import { loadMnistPixels } from '../data/mnist';
import { fakePosterior } from '../store/fixtures';
import { localSampleProbs, preferLocalSampling } from './local-predict';
import { fromNamedTensors, uploadPosterior } from './posterior';
import { posteriorSampler } from './predict';

const S = 3000;

describe('local reparameterisation prediction', () => {
  it('gives each example the same predictive mean and spread as sampling weights', async () => {
    const { tf } = await loadBackend();
    const hidden = [16, 16];
    const named = fakePosterior(hidden, 3).map((t) =>
      t.name.endsWith('logvar') ? { ...t, data: t.data.map(() => -2) } : t,
    );
    const posterior = uploadPosterior(tf, fromNamedTensors(hidden, named));
    const inputs = loadMnistPixels('test').subarray(0, 3 * 784);
    const x = tf.tensor2d(inputs, [3, 784]);
    const local = localSampleProbs(tf, posterior, x, S, 1);
    const sampler = posteriorSampler(tf, posterior, 2);
    const weight = tf.tidy(() =>
      tf.concat(Array.from({ length: S }, () => tf.softmax(sampler.sampleLogits(x)))),
    );
    const a = summarizeSamples(local.dataSync() as Float32Array, S, 3, 10);
    const b = summarizeSamples(weight.dataSync() as Float32Array, S, 3, 10);
    for (let i = 0; i < 30; i++) {
      expect(Math.abs(a.meanProbs[i]! - b.meanProbs[i]!)).toBeLessThan(0.02);
      expect(Math.abs(a.stdProbs[i]! - b.stdProbs[i]!)).toBeLessThan(0.02);
    }
    expect(Math.max(...a.std)).toBeGreaterThan(0.05); // the test is not vacuous: there is spread
    tf.dispose([x, local, weight]);
    posterior.dispose();
  });

  it('gives the same answer to the same image wherever it stands in the batch', async () => {
    const { tf } = await loadBackend();
    const posterior = uploadPosterior(tf, fromNamedTensors([16], fakePosterior([16], 2)));
    const digit = loadMnistPixels('test').subarray(0, 784);
    const other = loadMnistPixels('test').subarray(784, 2 * 784);
    const batch = new Float32Array([...digit, ...other, ...digit]);
    const probs = localSampleProbs(tf, posterior, tf.tensor2d(batch, [3, 784]), 50, 9);
    const summary = summarizeSamples(probs.dataSync() as Float32Array, 50, 3, 10);
    expect(Array.from(summary.meanProbs.subarray(20, 30))).toEqual(
      Array.from(summary.meanProbs.subarray(0, 10)),
    );
    probs.dispose();
    posterior.dispose();
  });

  it('is chosen for a few images, not for the whole test set', async () => {
    const { tf } = await loadBackend();
    const posterior = uploadPosterior(tf, fromNamedTensors([128, 128], fakePosterior([128, 128], 1)));
    expect(preferLocalSampling(posterior, 1)).toBe(true);
    expect(preferLocalSampling(posterior, 10_000)).toBe(false);
    posterior.dispose();
  });
});

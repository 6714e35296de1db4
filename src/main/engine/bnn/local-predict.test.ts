import { describe, expect, it } from 'vitest';
import { summarizeSamples } from '../../../shared/uncertainty/scores';
import { loadBackend } from '../backend';
import { loadMnistPixels } from '../data/mnist';
import { fakePosterior } from '../store/fixtures';
import { firstLayerLocalSampler, localSampleProbs, preferLocalSampling } from './local-predict';
import { fromNamedTensors, uploadPosterior } from './posterior';
import { posteriorSampler } from './predict';

const S = 3000;

/** A 784-16-16-10 posterior with enough variance (log-variance −2) for its samples to disagree. */
function spreadPosterior() {
  const hidden = [16, 16];
  const named = fakePosterior(hidden, 3).map((t) =>
    t.name.endsWith('logvar') ? { ...t, data: t.data.map(() => -2) } : t,
  );
  return fromNamedTensors(hidden, named);
}

describe('local reparameterisation prediction', () => {
  it('gives each example the same predictive mean and spread as sampling weights', async () => {
    const { tf } = await loadBackend();
    const posterior = uploadPosterior(tf, spreadPosterior());
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

  it('draws the first layer locally and later weights per sample with the same per-example answer', async () => {
    const { tf } = await loadBackend();
    const posterior = uploadPosterior(tf, spreadPosterior());
    const x = tf.tensor2d(loadMnistPixels('test').subarray(0, 3 * 784), [3, 784]);
    const mixed = firstLayerLocalSampler(tf, posterior, x, 1);
    const sampler = posteriorSampler(tf, posterior, 2);
    const draws = tf.tidy(() =>
      tf.concat([
        tf.concat(Array.from({ length: S }, (_, s) => mixed.probs(s))),
        tf.concat(Array.from({ length: S }, () => tf.softmax(sampler.sampleLogits(x)))),
      ]),
    );
    const values = draws.dataSync() as Float32Array;
    const a = summarizeSamples(values.subarray(0, S * 30), S, 3, 10);
    const b = summarizeSamples(values.subarray(S * 30), S, 3, 10);
    // Means within five standard errors; stds of these heavy-tailed probabilities within 0.03.
    for (let i = 0; i < 30; i++) {
      const spread = Math.sqrt((a.stdProbs[i]! ** 2 + b.stdProbs[i]! ** 2) / S);
      expect(Math.abs(a.meanProbs[i]! - b.meanProbs[i]!)).toBeLessThan(5 * spread + 1e-4);
      expect(Math.abs(a.stdProbs[i]! - b.stdProbs[i]!)).toBeLessThan(0.03);
    }
    expect(Math.max(...a.std)).toBeGreaterThan(0.05);
    tf.dispose([x, draws]);
    mixed.dispose();
    posterior.dispose();
  });

  it('gives an image the same samples whichever block it is scored in', async () => {
    const { tf } = await loadBackend();
    const posterior = uploadPosterior(tf, fromNamedTensors([16, 16], fakePosterior([16, 16], 2)));
    const pixels = loadMnistPixels('test');
    const alone = tf.tensor2d(pixels.subarray(784, 2 * 784), [1, 784]);
    const block = tf.tensor2d(pixels.subarray(0, 3 * 784), [3, 784]);
    const [one, many] = [
      firstLayerLocalSampler(tf, posterior, alone, 5),
      firstLayerLocalSampler(tf, posterior, block, 5),
    ];
    for (const s of [0, 7]) {
      const [p, q] = [one.probs(s), many.probs(s)];
      const expected = Array.from(p.dataSync());
      Array.from(q.dataSync().subarray(10, 20)).forEach((v, c) => expect(v).toBeCloseTo(expected[c]!, 5));
      tf.dispose([p, q]);
    }
    one.dispose();
    many.dispose();
    tf.dispose([alone, block]);
    posterior.dispose();
  });
});

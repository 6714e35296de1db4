import type * as TF from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { summarizeSamples } from '../../../shared/uncertainty/scores';
import { loadBackend } from '../backend';
import { loadMnistPixels } from '../data/mnist';
import { fakePosterior } from '../store/fixtures';
import { FirstLayerLocalSampling } from './local-predict';
import { noiseSource } from './noise';
import { fromNamedTensors, uploadPosterior, type PosteriorTensors } from './posterior';
import { mixSeed } from './rng';
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
  it('draws the first layer locally and later weights per sample with the same per-example answer', async () => {
    const { tf } = await loadBackend();
    const posterior = uploadPosterior(tf, spreadPosterior());
    const x = tf.tensor2d(loadMnistPixels('test').subarray(0, 3 * 784), [3, 784]);
    const sampling = new FirstLayerLocalSampling(tf, posterior);
    const mixed = sampling.samplerFor(x, 1);
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
    sampling.dispose();
    posterior.dispose();
  });

  it('gives an image the same samples whichever block it is scored in, drawing each sample once', async () => {
    const { tf } = await loadBackend();
    const posterior = uploadPosterior(tf, fromNamedTensors([16, 16], fakePosterior([16, 16], 2)));
    const pixels = loadMnistPixels('test');
    const alone = tf.tensor2d(pixels.subarray(784, 2 * 784), [1, 784]);
    const block = tf.tensor2d(pixels.subarray(0, 3 * 784), [3, 784]);
    const sampling = new FirstLayerLocalSampling(tf, posterior);
    const [one, many] = [sampling.samplerFor(alone, 5), sampling.samplerFor(block, 5)];
    for (const s of [0, 7]) {
      const [p, q] = [one.probs(s), many.probs(s)];
      const expected = Array.from(p.dataSync());
      Array.from(q.dataSync().subarray(10, 20)).forEach((v, c) => expect(v).toBeCloseTo(expected[c]!, 6));
      tf.dispose([p, q]);
    }
    // Draws are kept for the next blocks, once: asking again makes no new tensors.
    const kept = tf.memory().numTensors;
    many.probs(7).dispose();
    one.probs(0).dispose();
    expect(tf.memory().numTensors).toBe(kept);
    one.dispose();
    many.dispose();
    sampling.dispose();
    tf.dispose([alone, block]);
    posterior.dispose();
  });

  it('keeps per sample only the first-layer noise and the later weights and biases it draws', async () => {
    const { tf } = await loadBackend();
    const hidden = [16, 12];
    const posterior = uploadPosterior(tf, fromNamedTensors(hidden, fakePosterior(hidden, 2)));
    const x = tf.tensor2d(loadMnistPixels('test').subarray(0, 2 * 784), [2, 784]);
    const sampling = new FirstLayerLocalSampling(tf, posterior);
    const sampler = sampling.samplerFor(x, 1);
    const before = tf.memory().numBytes;
    sampler.probs(0).dispose();
    // Noise [1, 16], then [16, 12] + [12] and [12, 10] + [10]: no padded rows or columns.
    const drawn = 16 + 16 * 12 + 12 + 12 * 10 + 10;
    expect(tf.memory().numBytes - before).toBe(4 * drawn);
    sampler.dispose();
    sampling.dispose();
    x.dispose();
    posterior.dispose();
  });

  it('computes each sample as the plain formula does, for one to three hidden layers', async () => {
    const { tf } = await loadBackend();
    const noise = noiseSource(tf);
    const x = tf.tensor2d(loadMnistPixels('test').subarray(0, 4 * 784), [4, 784]);
    /** Sample s written out: first-layer moments and noise, then each later layer's weights drawn. */
    const plain = (posterior: PosteriorTensors, seed: number, s: number) =>
      tf.tidy(() => {
        const [first, ...rest] = posterior.layers;
        const mean = tf.add(tf.matMul(x, first!.wMean), first!.bMean);
        const std = tf.sqrt(tf.add(tf.matMul(tf.square(x), tf.square(first!.wStd)), tf.square(first!.bStd)));
        let h: TF.Tensor2D = tf.add(mean, tf.mul(std, noise([1, mean.shape[1]!], mixSeed(seed, s, 0, 3))));
        rest.forEach((layer, k) => {
          const draw = (m: TF.Tensor, sd: TF.Tensor, kind: number) =>
            tf.add(m, tf.mul(sd, noise(m.shape, mixSeed(seed, s, k + 1, kind))));
          const w = draw(layer.wMean, layer.wStd, 1) as TF.Tensor2D;
          h = tf.add(tf.matMul(tf.relu(h), w), draw(layer.bMean, layer.bStd, 2));
        });
        return tf.softmax(h);
      });
    for (const hidden of [[12], [12, 9], [12, 9, 7]]) {
      const named = fakePosterior(hidden, 5).map((t) =>
        t.name.endsWith('logvar') ? { ...t, data: t.data.map(() => -2) } : t,
      );
      const posterior = uploadPosterior(tf, fromNamedTensors(hidden, named));
      const sampling = new FirstLayerLocalSampling(tf, posterior);
      const sampler = sampling.samplerFor(x, 3);
      const got = tf.concat([2, 3, 4].map((s) => sampler.probs(s)));
      const values = got.dataSync();
      for (let i = 0; i < 3; i++) {
        const expected = plain(posterior, 3, 2 + i);
        Array.from(values.subarray(i * 40, (i + 1) * 40)).forEach((v, j) =>
          expect(v).toBeCloseTo(expected.dataSync()[j]!, 5),
        );
        expected.dispose();
      }
      tf.dispose(got);
      sampler.dispose();
      sampling.dispose();
      posterior.dispose();
    }
    x.dispose();
  });
});

import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TrainConfig } from '../../../../shared/training';
import { loadBackend } from '../../backend';
import { loadMnistRaw, pixelsToUnit } from '../../data/mnist';
import { fakePosterior } from '../../store/fixtures';
import { contextFor, familyFor } from '..';

let tf: typeof TF;
beforeAll(async () => {
  ({ tf } = await loadBackend());
});

/** The default model's shape with log-variance −2, so that draws disagree. */
function predictor() {
  const config = TrainConfig.parse({ hidden: [256, 256] });
  const tensors = fakePosterior([256, 256], 4).map((t) =>
    t.name.endsWith('logvar') ? { ...t, data: t.data.map(() => -2) } : t,
  );
  return familyFor(config).predictor(tf, contextFor(config), tensors);
}

describe('the mean-field MLP predictor', () => {
  it('gives a few pictures every draw in one pass with the values of drawing one by one, call after call', () => {
    const p = predictor();
    const x = tf.tensor2d(pixelsToUnit(loadMnistRaw('test').pixels.slice(0, 5 * 784)), [5, 784]);
    const [samples, seed] = [30, 2];
    const block = p.blockSampler!(x, seed);
    const oneByOne = tf.stack([...Array(samples).keys()].map((s) => block.probs(s)));
    // Under a caller's tidy, twice: the stacked draws it keeps must outlive the first call's scope.
    for (let call = 0; call < 2; call++) {
      const gap = tf.tidy(() => tf.max(tf.abs(tf.sub(p.sampleProbs!(x, samples, seed), oneByOne))));
      // The batched products sum in another order: float32 rounding of the probabilities, no more.
      expect(gap.dataSync()[0]).toBeLessThan(1e-5);
      gap.dispose();
    }
    // Not vacuous: the draws disagree.
    const spread = tf.tidy(() => tf.max(tf.sub(tf.max(oneByOne, 0), tf.min(oneByOne, 0))));
    expect(spread.dataSync()[0]).toBeGreaterThan(0.05);
    tf.dispose([x, oneByOne, spread]);
    block.dispose();
    p.dispose();
  });
});

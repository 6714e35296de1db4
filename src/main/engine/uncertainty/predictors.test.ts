import type * as TF from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TrainConfig } from '../../../shared/training';
import { loadBackend } from '../backend';
import { fakeFamily } from '../families/fake-family';
import { contextFor, registry } from '../families';
import type { ModelFamily } from '../families/family';
import { releasePredictors } from './predictors';
import { summarisePosterior, type PosteriorModel } from './summarise';

const point = registry.families.point;
let tf: typeof TF;
beforeAll(async () => {
  ({ tf } = await loadBackend());
});
afterEach(() => {
  releasePredictors(tf);
  registry.families.point = point;
});

/** The fake family, counting the predictors made and disposed. */
function counted(): { family: ModelFamily; made: () => number; disposed: () => number } {
  const inner = fakeFamily();
  let [made, disposed] = [0, 0];
  const family: ModelFamily = {
    ...inner,
    predictor: (tfjs, ctx, tensors) => {
      made++;
      const predictor = inner.predictor(tfjs, ctx, tensors);
      return { ...predictor, dispose: () => (disposed++, predictor.dispose()) };
    },
  };
  return { family, made: () => made, disposed: () => disposed };
}

/** A fresh copy of a model (as the app loads one anew for each request) with weights scaled by `scale`. */
function modelOf(scale: number): PosteriorModel {
  const config = TrainConfig.parse({ family: 'point', hidden: [8] });
  const tensors = fakeFamily()
    .tensorSpecs(contextFor(config))
    .map((s, i) => ({
      ...s,
      data: new Float32Array(s.shape.reduce((a, b) => a * b, 1)).map((_, k) =>
        i === 0 ? (scale * ((k % 5) - 2)) / 50 : 0,
      ),
    }));
  return { posterior: tensors, meta: { config } };
}

const picture = new Float32Array(784).map((_, i) => (i % 3) / 2);

describe('predictors kept across verdicts', () => {
  it('makes a model’s predictor once for many calls, even from fresh copies of the model', async () => {
    const { family, made, disposed } = counted();
    registry.families.point = family;
    const first = await summarisePosterior(tf, modelOf(1), picture, 3);
    const again = await summarisePosterior(tf, modelOf(1), picture, 3);
    expect(made()).toBe(1);
    expect(disposed()).toBe(0);
    expect(Array.from(again.meanProbs)).toEqual(Array.from(first.meanProbs));
  });

  it('knows a model changed in place by its tensors, and disposes the least recent beyond two', async () => {
    const { family, made, disposed } = counted();
    registry.families.point = family;
    const one = await summarisePosterior(tf, modelOf(1), picture, 3);
    const two = await summarisePosterior(tf, modelOf(2), picture, 3);
    expect(made()).toBe(2);
    expect(Array.from(two.meanProbs)).not.toEqual(Array.from(one.meanProbs));
    await summarisePosterior(tf, modelOf(3), picture, 3);
    expect([made(), disposed()]).toEqual([3, 1]);
    await summarisePosterior(tf, modelOf(3), picture, 3);
    await summarisePosterior(tf, modelOf(2), picture, 3);
    expect([made(), disposed()]).toEqual([3, 1]);
    releasePredictors(tf);
    expect(disposed()).toBe(3);
  });

  it('disposes a predictor evicted while in use only when its call ends', async () => {
    const { family, disposed } = counted();
    registry.families.point = family;
    const running = summarisePosterior(tf, modelOf(1), new Float32Array(784 * 20), 50);
    await summarisePosterior(tf, modelOf(2), picture, 1);
    await summarisePosterior(tf, modelOf(3), picture, 1);
    expect(disposed()).toBe(0);
    await running;
    expect(disposed()).toBe(1);
  });
});

import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TrainConfig } from '../../../../shared/training';
import { loadBackend } from '../../backend';
import { loadMnistRaw, pixelsToUnit } from '../../data/mnist';
import { releasePredictors } from '../../uncertainty/predictors';
import { summarisePosterior } from '../../uncertainty/summarise';
import { layersFor } from '../arch';
import { contextFor } from '..';
import { bodyFeatures, initPoint, uploadParams } from '../nets/network';
import { BASIS_IN, BASIS_OUT, SCALE } from './tensors';
import { laplaceFamily } from '.';

let tf: typeof TF;
beforeAll(async () => {
  ({ tf } = await loadBackend());
});

const config = TrainConfig.parse({ family: 'laplace', arch: 'cnn', conv: [8, 16], hidden: [32], seed: 3 });
const ctx = contextFor(config);
const layers = layersFor(config, ctx.shape);

/** A Laplace CNN with Haiku-initialised weights and a last layer that spreads (scale 0.5, identity bases). */
function model() {
  const tensors = laplaceFamily.tensorSpecs(ctx).map((spec) => {
    const point = initPoint(layers, 11).find((t) => t.name === spec.name);
    if (point) return point;
    const data = new Float32Array(spec.shape.reduce((a, b) => a * b, 1));
    if (spec.name === SCALE) data.fill(0.5);
    if (spec.name === BASIS_IN || spec.name === BASIS_OUT)
      for (let i = 0; i < spec.shape[0]!; i++) data[i * spec.shape[0]! + i] = 1;
    return { name: spec.name, shape: spec.shape, data };
  });
  return { posterior: tensors, meta: { config } };
}

function digits(from: number, count: number): Uint8Array {
  return loadMnistRaw('test').pixels.slice(from * 784, (from + count) * 784);
}

/** tf with conv2d and randomNormal calls counted. */
function counting(): { tf: typeof TF; calls: { conv2d: number; randomNormal: number } } {
  const calls = { conv2d: 0, randomNormal: 0 };
  const proxy = new Proxy(tf, {
    get(target, key: string) {
      const value = Reflect.get(target, key) as unknown;
      if (key !== 'conv2d' && key !== 'randomNormal') return value;
      return (...args: unknown[]) => {
        calls[key]++;
        return (value as (...a: unknown[]) => unknown)(...args);
      };
    },
  });
  return { tf: proxy, calls };
}

describe('the Laplace predictor', () => {
  it('pools before bias and ReLU in predictions with the same features, bit for bit', () => {
    const params = uploadParams(tf, initPoint(layers, 5));
    const x = tf.tensor2d(pixelsToUnit(digits(0, 300)), [300, 784]);
    const [trained, pooledFirst] = [
      bodyFeatures(tf, layers, params, x),
      bodyFeatures(tf, layers, params, x, undefined, true),
    ];
    expect(Array.from(pooledFirst.dataSync())).toEqual(Array.from(trained.dataSync()));
    // Not vacuous: the features vary and some are cut by the ReLU.
    const values = trained.dataSync();
    expect(values.some((v) => v === 0) && values.some((v) => v > 0.1)).toBe(true);
    tf.dispose([x, trained, pooledFirst, ...params.values()]);
  });

  it('runs the body once per block of inputs and makes each draw once, however many blocks', async () => {
    const { tf: counted, calls } = counting();
    const summary = await summarisePosterior(counted, model(), digits(0, 1200), 20);
    // 1200 inputs: one block, its body in three parts of 500 rows, two conv layers each.
    expect(calls.conv2d).toBe(3 * 2);
    // Draws grow by doubling (1, 2, 4, … 32), then are kept: the next set makes none.
    expect(calls.randomNormal).toBe(32);
    await summarisePosterior(counted, model(), digits(2000, 600), 20);
    expect(calls).toEqual({ conv2d: 3 * 2 + 2 * 2, randomNormal: 32 });
    expect(Math.max(...summary.std)).toBeGreaterThan(0.01);
    releasePredictors(counted);
  });

  it('gives each draw the values sampleLogits gives it, in one pass and block by block', () => {
    const m = model();
    const p = laplaceFamily.predictor(tf, ctx, m.posterior);
    const x = tf.tensor2d(pixelsToUnit(digits(40, 300)), [300, 784]);
    const [samples, seed] = [6, 9];
    const onePass = p.sampleProbs!(x, samples, seed);
    const block = p.blockSampler!(x, seed);
    for (let s = 0; s < samples; s++) {
      const direct = tf.softmax(p.sampleLogits(x, seed, s));
      const [fromBlock, fromPass] = [block.probs(s), onePass.slice([s, 0, 0], [1, -1, -1]).squeeze([0])];
      expect(tf.max(tf.abs(tf.sub(fromBlock, direct))).dataSync()[0]).toBeLessThan(1e-6);
      expect(tf.max(tf.abs(tf.sub(fromPass, direct))).dataSync()[0]).toBeLessThan(1e-6);
      tf.dispose([direct, fromBlock, fromPass]);
    }
    expect(p.sampleProbsPays!(1)).toBe(true);
    block.dispose();
    tf.dispose([x, onePass]);
    p.dispose();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { loadBackend } from '../../backend';
import { TrainConfig } from '../../../../shared/training';
import { initPosterior } from '../posterior';
import { TrainStep, type StepRunner, type TrainState } from '../step';
import { GraphTrainStep, graphStepAvailable, sampleGraphNoise } from './graph-step';

let tf: typeof TF;
beforeAll(async () => {
  ({ tf } = await loadBackend());
});

function state(means: Float32Array, logvars: Float32Array): TrainState {
  const theta = tf.variable(tf.concat([tf.tensor1d(means), tf.tensor1d(logvars)]));
  return { theta, adam: { m: tf.variable(tf.zerosLike(theta)), v: tf.variable(tf.zerosLike(theta)), t: 0 } };
}

function train(runner: StepRunner, s: TrainState, x: TF.Tensor2D, y: TF.Tensor2D): Float32Array {
  for (let i = 0; i < 5; i++) runner.run(s, x, y, 1000 + i);
  return s.theta.dataSync() as Float32Array;
}

describe('graph training step', () => {
  for (const estimator of ['weight', 'local'] as const) {
    it(`makes the same updates as the eager step (${estimator})`, async () => {
      expect(graphStepAvailable(tf)).toBe(tf.getBackend() === 'tensorflow');
      if (!graphStepAvailable(tf)) return;
      const config = TrainConfig.parse({
        hidden: [12, 8],
        estimator,
        batchSize: 16,
        initLogvar: -3,
        learningRate: 0.01,
      });
      const init = initPosterior(config.hidden, config.initLogvar, 3);
      const x = tf.randomUniform<TF.Rank.R2>([16, 784], 0, 1, 'float32', 2);
      const y = tf
        .oneHot(
          tf.tensor1d(
            [...Array(16).keys()].map((i) => i % 10),
            'int32',
          ),
          10,
        )
        .toFloat() as TF.Tensor2D;
      const eager = new TrainStep(tf, init.layout, config, 60000);
      // Same noise kernel as the eager path, so the two must agree to rounding.
      process.env.UNSURE_NOISE = 'tf';
      const graph = await GraphTrainStep.create(tf, init.layout, config, 60000).finally(() => {
        delete process.env.UNSURE_NOISE;
      });
      const a = train(eager, state(init.means, init.logvars), x, y);
      const fresh = state(init.means, init.logvars);
      const before = tf.memory().numTensors;
      const b = train(graph, fresh, x, y);
      expect(tf.memory().numTensors).toBe(before); // no leaks across graph steps
      let maxDiff = 0;
      a.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - b[i]!))));
      const moved = a.reduce(
        (acc, v, i) => Math.max(acc, Math.abs(v - (i < init.layout.size ? init.means[i]! : -3))),
        0,
      );
      expect(moved).toBeGreaterThan(0.01);
      expect(maxDiff).toBeLessThan(1e-4);
      eager.dispose();
      graph.dispose();
    });
  }

  for (const estimator of ['weight', 'local'] as const) {
    it(`makes in one block call the same updates as single calls (${estimator})`, async () => {
      if (!graphStepAvailable(tf)) return;
      const config = TrainConfig.parse({ hidden: [12, 8], estimator, batchSize: 16, learningRate: 0.01 });
      const init = initPosterior(config.hidden, config.initLogvar, 4);
      const runner = await GraphTrainStep.create(tf, init.layout, config, 60000, 4);
      expect(runner.blockSize).toBe(4);
      const xs = tf.randomUniform<TF.Rank.R3>([4, 16, 784], 0, 1, 'float32', 7);
      const ys = tf.oneHot(tf.randomUniform([4, 16], 0, 10, 'int32', 8), 10).toFloat() as TF.Tensor3D;
      const seeds = [11, 12, 13, 14];
      const single = state(init.means, init.logvars);
      seeds.forEach((seed, k) =>
        tf.tidy(() => runner.run(single, xs.slice(k, 1).squeeze([0]), ys.slice(k, 1).squeeze([0]), seed)),
      );
      const block = state(init.means, init.logvars);
      const before = tf.memory().numTensors;
      runner.runBlock(block, xs, ys, seeds);
      expect(tf.memory().numTensors).toBe(before);
      expect(block.adam.t).toBe(4);
      for (const key of ['theta', 'm', 'v'] as const) {
        const read = (s: TrainState) => (key === 'theta' ? s.theta : s.adam[key]).dataSync();
        expect(Array.from(read(block))).toEqual(Array.from(read(single)));
      }
      expect(() => runner.runBlock(block, xs, ys, [1, 2])).toThrow(/block of 2/);
      runner.dispose();
      tf.dispose([
        xs,
        ys,
        single.theta,
        single.adam.m,
        single.adam.v,
        block.theta,
        block.adam.m,
        block.adam.v,
      ]);
    });
  }

  it('draws standard-normal noise (Box–Muller), reproducibly per seed', async () => {
    if (!graphStepAvailable(tf)) return;
    const z = await sampleGraphNoise(tf, 100_001, 5);
    expect(z.length).toBe(100_001);
    const n = z.length;
    const mean = z.reduce((a, v) => a + v, 0) / n;
    const variance = z.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
    const kurtosis = z.reduce((a, v) => a + (v - mean) ** 4, 0) / n / variance ** 2;
    const within1 = z.filter((v) => Math.abs(v) < 1).length / n;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.02);
    expect(Math.abs(kurtosis - 3)).toBeLessThan(0.1);
    expect(Math.abs(within1 - 0.6827)).toBeLessThan(0.01);
    expect(z.every(Number.isFinite)).toBe(true);
    expect(Array.from((await sampleGraphNoise(tf, 100_001, 5)).slice(0, 50))).toEqual(
      Array.from(z.slice(0, 50)),
    );
    expect((await sampleGraphNoise(tf, 10, 6))[0]).not.toBe(z[0]);
  });
});

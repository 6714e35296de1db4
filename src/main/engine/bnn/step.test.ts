import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { loadBackend } from '../backend';
import { TrainConfig } from '../../../shared/training';
import { layoutFor } from './layout';
import { initPosterior } from './posterior';
import { TrainStep } from './step';
import { klScale } from './kl';
import type { NoiseFn } from './noise';

let tf: typeof TF;
beforeAll(async () => {
  ({ tf } = await loadBackend());
});

const hidden = [5, 4];
const N = 1000;
// Reproducible noise the reference can redraw: tf.randomNormal with the same seed.
const noise: NoiseFn = (shape, seed) => tf.randomNormal(shape, 0, 1, 'float32', seed);

function setup(estimator: 'weight' | 'local', kl: 'article' | 'elbo') {
  const config = TrainConfig.parse({
    hidden,
    estimator,
    kl,
    batchSize: 6,
    beta: 0.3,
    priorSigma: 1.5,
    initLogvar: -2,
  });
  const init = initPosterior(hidden, config.initLogvar, 7);
  const theta = tf.concat([
    tf.tensor1d(init.means),
    tf.tensor1d(init.logvars).add(tf.randomUniform([init.layout.size], -1, 1, 'float32', 3)),
  ]);
  const x = tf.randomUniform<TF.Rank.R2>([6, 784], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.tensor1d([0, 3, 9, 3, 1, 5], 'int32'), 10).toFloat() as TF.Tensor2D;
  return { config, layout: layoutFor(hidden), theta, x, y };
}

/** The loss written plainly, differentiated by tf.grad. */
function referenceLoss(s: ReturnType<typeof setup>, theta: TF.Tensor, seed: number): TF.Scalar {
  const { layout, config, x, y } = s;
  const P = layout.size;
  const [mu, lv] = tf.split(theta, 2);
  const sizes = layout.slots.map((t) => t.size);
  const c = tf.tensor1d(klScale(layout, config.kl, N));
  const s2 = config.priorSigma ** 2;
  const klElems = tf.mul(
    0.5,
    tf.sub(tf.add(tf.div(tf.exp(lv!), s2), tf.div(tf.square(mu!), s2)), tf.add(1, tf.sub(lv!, Math.log(s2)))),
  );
  const kl = tf.sum(tf.mul(c, klElems));
  let h: TF.Tensor2D = x;
  if (config.estimator === 'weight') {
    const w = tf.split(tf.add(mu!, tf.mul(tf.exp(tf.mul(lv!, 0.5)), noise([P], seed))), sizes);
    layout.layers.forEach((l, i) => {
      const z = tf.add<TF.Tensor2D>(
        tf.matMul(h, tf.reshape<TF.Rank.R2>(w[2 * i]!, [l.inputs, l.outputs])),
        w[2 * i + 1]!,
      );
      h = i < layout.layers.length - 1 ? tf.relu(z) : z;
    });
  } else {
    const m = tf.split(mu!, sizes);
    const v = tf.split(tf.exp(lv!), sizes);
    const outs = layout.layers.map((l) => l.outputs);
    const eps = tf.split(noise([x.shape[0], outs.reduce((a, b) => a + b)], seed), outs, 1);
    layout.layers.forEach((l, i) => {
      const mean = tf.add(
        tf.matMul(h, tf.reshape<TF.Rank.R2>(m[2 * i]!, [l.inputs, l.outputs])),
        m[2 * i + 1]!,
      );
      const variance = tf.add(
        tf.matMul(tf.square(h), tf.reshape<TF.Rank.R2>(v[2 * i]!, [l.inputs, l.outputs])),
        v[2 * i + 1]!,
      );
      const z = tf.add<TF.Tensor2D>(mean, tf.mul(tf.sqrt(variance), eps[i]!));
      h = i < layout.layers.length - 1 ? tf.relu(z) : z;
    });
  }
  const ll = tf.mean(tf.sum(tf.mul(tf.logSoftmax(h), y), 1));
  return tf.add<TF.Scalar>(tf.neg(ll), tf.mul(config.beta, kl));
}

describe('hand-written gradients', () => {
  for (const estimator of ['weight', 'local'] as const) {
    for (const kl of ['article', 'elbo'] as const) {
      it(`match autodiff (${estimator}, kl ${kl})`, () => {
        const s = setup(estimator, kl);
        const step = new TrainStep(tf, s.layout, s.config, N, noise);
        const mine = step.gradient(s.theta, s.x, s.y, 42).dataSync();
        const ref = tf
          .grad((t: TF.Tensor) => referenceLoss(s, t, 42))(s.theta)
          .dataSync();
        let maxErr = 0;
        let maxRef = 0;
        for (let i = 0; i < ref.length; i++) {
          maxErr = Math.max(maxErr, Math.abs(mine[i]! - ref[i]!));
          maxRef = Math.max(maxRef, Math.abs(ref[i]!));
        }
        expect(maxRef).toBeGreaterThan(1e-3);
        expect(maxErr / maxRef).toBeLessThan(1e-4);
        step.dispose();
      });
    }
  }
});

describe('portable kernels (CPU backend)', () => {
  it('give the same gradients as autodiff', async () => {
    const original = tf.getBackend();
    await tf.setBackend('cpu');
    try {
      for (const estimator of ['weight', 'local'] as const) {
        const s = setup(estimator, 'elbo');
        const step = new TrainStep(tf, s.layout, s.config, N, noise);
        const mine = step.gradient(s.theta, s.x, s.y, 9).dataSync();
        const ref = tf
          .grad((t: TF.Tensor) => referenceLoss(s, t, 9))(s.theta)
          .dataSync<'float32'>();
        const scale = ref.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
        ref.forEach((v, i) => expect(Math.abs(mine[i]! - v) / scale).toBeLessThan(1e-4));
        step.dispose();
      }
    } finally {
      await tf.setBackend(original);
    }
  });
});

describe('TrainStep.run', () => {
  it('moves the parameters and leaks no tensors across steps', () => {
    const s = setup('weight', 'article');
    const init = s.theta.dataSync().slice();
    const theta = tf.variable(s.theta);
    const state = {
      theta,
      adam: { m: tf.variable(tf.zerosLike(theta)), v: tf.variable(tf.zerosLike(theta)), t: 0 },
    };
    const step = new TrainStep(tf, s.layout, s.config, N);
    step.run(state, s.x, s.y, 1);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) step.run(state, s.x, s.y, i + 2);
    expect(tf.memory().numTensors).toBe(before);
    expect(state.adam.t).toBe(21);
    expect(theta.dataSync().some((v, i) => v !== init[i])).toBe(true);
    step.dispose();
  });
});

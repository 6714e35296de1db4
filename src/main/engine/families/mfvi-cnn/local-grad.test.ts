import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { loadBackend } from '../../backend';
import type { DataShape } from '../../../../shared/data-shape';
import { TrainConfig } from '../../../../shared/training';
import { klDivergence, klScale } from '../../bnn/kl';
import { klTermValues } from '../../bnn/step-math';
import { convOps, patchFilterGrad } from './conv-ops';
import { autodiffLossGradient, batchNll, lossGradient, noiseWidths } from './local-grad';
import { cnnLayout, initTheta, klLayout } from './tensors';

let tf: typeof TF;
beforeAll(async () => {
  ({ tf } = await loadBackend());
});

// Two conv blocks (the second pools 3×3 to 1×1, dropping a row and a column) and two dense layers.
const shape: DataShape = { height: 6, width: 6, channels: 1, classes: 3 };
const config = TrainConfig.parse({
  arch: 'cnn',
  conv: [2, 3],
  hidden: [4],
  batchSize: 4,
  beta: 0.05,
  priorSigma: 0.8,
  kl: 'article',
});
const trainSize = 500;
const layout = cnnLayout({ config, shape });

function setup() {
  const theta = initTheta(layout, -1, 3);
  // Spread the log-variances so that the variance path carries weight in the check.
  for (let i = layout.size; i < theta.length; i++) theta[i] = -2 + Math.sin(i) * 1.5;
  const x = tf.randomUniform<TF.Rank.R2>([4, 36], 0, 1, 'float32', 1);
  // The last row is an outlier's soft target (uniform over the classes).
  const y = tf.tensor2d([1, 0, 0, 0, 0, 1, 0, 1, 0, 1 / 3, 1 / 3, 1 / 3], [4, 3]);
  const width = noiseWidths(layout).reduce((a, b) => a + b, 0);
  const eps = tf.randomNormal<TF.Rank.R2>([4, width], 0, 1, 'float32', 2);
  const scale = klScale(klLayout(layout), config.kl, trainSize);
  const k = klTermValues(scale, config.beta, config.priorSigma, config.batchSize);
  const kl = { klMu: tf.tensor1d(k.klMu), klVar: tf.tensor1d(k.klVar), klConst: tf.tensor1d(k.klConst) };
  return { theta, x, y, eps, scale, kl };
}

describe('mean-field CNN loss gradient', () => {
  it('matches central finite differences of −mean log-likelihood + β·KL', () => {
    const s = setup();
    const net = { tf, k: convOps(tf), layout, shape };
    const loss = (theta: Float32Array): number => {
      const nll = tf.tidy(() => batchNll(net, tf.tensor1d(theta), s).dataSync())[0]!;
      const kl = klDivergence(theta.subarray(0, layout.size), theta.subarray(layout.size), s.scale, 0.8);
      return nll / config.batchSize + config.beta * kl;
    };
    const grad = tf.tidy(() => tf.div(lossGradient(net, s.kl, tf.tensor1d(s.theta), s), 4).dataSync());
    expect(grad.length).toBe(2 * layout.size);
    const h = 1e-3;
    let worst = 0;
    // Up to 5 coordinates of each mean and log-variance tensor (biases whole where small).
    const coords = [0, layout.size].flatMap((half) =>
      layout.slots.flatMap((slot) =>
        [...Array(Math.min(5, slot.size)).keys()].map(
          (j) => half + slot.offset + Math.floor((j * slot.size) / Math.min(5, slot.size)),
        ),
      ),
    );
    for (const i of coords) {
      const plus = s.theta.slice();
      const minus = s.theta.slice();
      plus[i]! += h;
      minus[i]! -= h;
      const fd = (loss(plus) - loss(minus)) / (2 * h);
      worst = Math.max(worst, Math.abs(fd - grad[i]!) / (1e-3 + 0.02 * Math.abs(fd)));
    }
    expect(worst).toBeLessThan(1);
  });

  it('equals tfjs autodiff of the same loss', () => {
    const s = setup();
    const net = { tf, k: convOps(tf), layout, shape };
    const [hand, auto] = tf.tidy(() => {
      const theta = tf.tensor1d(s.theta);
      return [
        lossGradient(net, s.kl, theta, s).dataSync(),
        autodiffLossGradient(net, s.kl, theta, s).dataSync(),
      ];
    });
    hand.forEach((g, i) => expect(g).toBeCloseTo(auto[i]!, 4));
  });
});

describe('the portable filter gradient (backends without Conv2DBackpropFilter)', () => {
  it('equals the backend kernel', () => {
    const [portable, kernel] = tf.tidy(() => {
      const x = tf.randomUniform<TF.Rank.R4>([3, 7, 5, 4], -1, 1, 'float32', 5);
      const dy = tf.randomUniform<TF.Rank.R4>([3, 7, 5, 6], -1, 1, 'float32', 6);
      return [
        patchFilterGrad(tf, x, dy, [3, 3, 4, 6]).dataSync(),
        convOps(tf).filterGrad(x, dy, [3, 3, 4, 6]).dataSync(),
      ];
    });
    expect(portable.length).toBe(3 * 3 * 4 * 6);
    portable.forEach((g, i) => expect(g).toBeCloseTo(kernel[i]!, 4));
  });
});

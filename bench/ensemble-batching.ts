// Does batching an ensemble's members into one set of ops pay? Times one training step (forward,
// backward, plain gradient update) of K point MLPs on the same batch: K separate networks one after
// another, against the same K networks as stacked weights [K, in, out] run by batched matMuls.
// (A CNN's later convolutions would need grouped convolutions, which tfjs does not have.)
// Usage: npx tsx bench/ensemble-batching.ts [tensorflow|wasm|cpu] [K] [hidden, e.g. 256,256] [steps]
import type * as TF from '@tensorflow/tfjs';
import { loadBackend, type BackendPreference } from '../src/main/engine/backend';
import { preferSingleThreadedOps } from '../src/main/engine/train/threads';
import { MNIST_SHAPE, inputSize } from '../src/shared/data-shape';

const BATCH = 128;
const LR = 1e-3;

type Step = () => void;

/** K networks of `widths`, each updated on its own: K small graphs per step. */
function separate(tf: typeof TF, K: number, widths: number[], x: TF.Tensor2D, y: TF.Tensor): Step {
  const nets = Array.from({ length: K }, () =>
    widths.slice(1).map((w, i) => tf.variable(tf.randomNormal([widths[i]!, w], 0, 0.05))),
  );
  return () =>
    nets.forEach((weights) =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => {
          let h: TF.Tensor = x;
          weights.forEach((w, i) => (h = i + 1 < weights.length ? tf.relu(h.matMul(w)) : h.matMul(w)));
          return tf.losses.softmaxCrossEntropy(y, h);
        }, weights);
        weights.forEach((w) => w.assign(w.sub(grads[w.name]!.mul(LR))));
      }),
    );
}

/** The same K networks as stacked weights: one batched matMul per layer for all members. */
function batched(tf: typeof TF, K: number, widths: number[], x: TF.Tensor2D, y: TF.Tensor): Step {
  const weights = widths.slice(1).map((w, i) => tf.variable(tf.randomNormal([K, widths[i]!, w], 0, 0.05)));
  const xs = tf.keep(tf.tile(x.expandDims(0), [K, 1, 1]));
  const ys = tf.keep(tf.tile(y.expandDims(0), [K, 1, 1]));
  return () =>
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        let h: TF.Tensor = xs;
        weights.forEach((w, i) => (h = i + 1 < weights.length ? tf.relu(tf.matMul(h, w)) : tf.matMul(h, w)));
        // Sum over members of each member's mean loss: each member's gradient is its own.
        return tf.losses.softmaxCrossEntropy(ys.reshape([-1, 10]), h.reshape([-1, 10])).mul(K);
      }, weights);
      weights.forEach((w) => w.assign(w.sub(grads[w.name]!.mul(LR))));
    });
}

function time(tf: typeof TF, step: Step, steps: number): number {
  for (let t = 0; t < 10; t++) step();
  const t0 = performance.now();
  for (let t = 0; t < steps; t++) step();
  tf.tidy(() => tf.zeros([1]).dataSync());
  return (performance.now() - t0) / steps;
}

async function main(): Promise<void> {
  const pref = (process.argv[2] ?? 'tensorflow') as BackendPreference;
  const K = Number(process.argv[3] ?? 5);
  const hidden = (process.argv[4] ?? '256,256').split(',').map(Number);
  const steps = Number(process.argv[5] ?? 200);
  preferSingleThreadedOps();
  const { tf, backend } = await loadBackend(pref);
  const widths = [inputSize(MNIST_SHAPE), ...hidden, MNIST_SHAPE.classes];
  const x = tf.randomUniform<TF.Rank.R2>([BATCH, widths[0]!]);
  const y = tf.oneHot(tf.randomUniform<TF.Rank.R1>([BATCH], 0, 10, 'int32'), 10).toFloat();
  const apart = time(tf, separate(tf, K, widths, x, y), steps);
  const together = time(tf, batched(tf, K, widths, x, y), steps);
  console.log(
    JSON.stringify({
      backend,
      members: K,
      hidden,
      batch: BATCH,
      ms_per_step_separate: Number(apart.toFixed(2)),
      ms_per_step_batched: Number(together.toFixed(2)),
      batched_speedup: Number((apart / together).toFixed(2)),
    }),
  );
}

void main();

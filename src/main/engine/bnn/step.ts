// One training step of the mean-field Gaussian MLP: sample, forward, a hand-written backward
// pass (closed form for ReLU MLP + softmax cross-entropy + Gaussian KL, no autodiff tape), Adam.
// Loss minimised: −mean log p(y|x,θ) + β·KL_normalised (see kl.ts for the normalisations).
// The gradient functions return B × its gradient (B = batch size: the cross-entropy is summed,
// the KL constants scaled by B), which saves a division per step; Adam is invariant to that
// scale once its epsilon is scaled by B too.
//
// Estimators (config.estimator):
// - 'weight': one weight sample θ = μ + σ·ε per batch, shared by the batch (the article).
// - 'local': local reparameterisation (Kingma, Salimans & Welling 2015): sample each
//   pre-activation z ~ N(aμ + b_μ, a²σ² + σ_b²) per example; same expected gradient, lower
//   variance, no weight-sized noise, twice the matmuls.
import type * as TF from '@tensorflow/tfjs';
import type { TrainConfig } from '../../../shared/training';
import { CodedError } from '../../../shared/result';
import { adamConstants, adamScalars, adamUpdate, type AdamConstants, type AdamState } from './adam';
import { klScale } from './kl';
import type { Layout } from './layout';
import { noiseSource, type NoiseFn } from './noise';
import { backwardKernels, type BackwardKernels } from './native';

/** What a step needs that never changes during a run (uploaded once). */
interface StepContext {
  tf: typeof TF;
  layout: Layout;
  noise: NoiseFn;
  /** β·c/σ²: d(β·KL)/dμ = klMu·μ. */
  klMu: TF.Tensor1D;
  /** ½β·c/σ² and ½β·c: d(β·KL)/dlogvar = klVar·exp(logvar) − klConst. */
  klVar: TF.Tensor1D;
  klConst: TF.Tensor1D;
  half: TF.Scalar;
  sizes: number[];
  adam: AdamConstants;
  kernels: BackwardKernels;
}

type GradFn = (
  ctx: StepContext,
  mu: TF.Tensor1D,
  lv: TF.Tensor1D,
  x: TF.Tensor2D,
  y: TF.Tensor2D,
  seed: number,
) => TF.Tensor1D;

/** Flattens per-tensor gradients (weight, bias per layer) back into layout order. */
function flatten(tf: typeof TF, parts: TF.Tensor[]): TF.Tensor1D {
  return tf.concat(parts.map((p) => (p.rank === 1 ? p : tf.reshape(p, [-1])))) as TF.Tensor1D;
}

/** The article's estimator: one weight sample per batch, gradient w.r.t. the sampled weights. */
const weightGrad: GradFn = (ctx, mu, lv, x, y, seed) => {
  const { tf, layout } = ctx;
  const std = tf.exp(tf.mul(lv, ctx.half));
  const eps = ctx.noise([layout.size], seed);
  const parts = tf.split(tf.add(mu, tf.mul(std, eps)), ctx.sizes);
  const ws = layout.layers.map((l, i) => tf.reshape<TF.Rank.R2>(parts[2 * i]!, [l.inputs, l.outputs]));
  const bs = layout.layers.map((_, i) => parts[2 * i + 1]!);
  const acts: TF.Tensor2D[] = [x];
  let z = x;
  ws.forEach((w, i) => {
    z = tf.add(tf.matMul(acts[i]!, w), bs[i]!);
    if (i < ws.length - 1) acts.push(tf.relu(z));
  });
  let g = ctx.kernels.softmaxMinusLabels(z, y);
  const grads: TF.Tensor[] = [];
  for (let i = ws.length - 1; i >= 0; i--) {
    grads.unshift(tf.matMul(acts[i]!, g, true, false), tf.sum(g, 0));
    if (i > 0) g = ctx.kernels.reluBackward(tf.matMul(g, ws[i]!, false, true), acts[i]!);
  }
  const gw = flatten(tf, grads);
  const gMu = tf.add(gw, tf.mul(ctx.klMu, mu));
  // d/dlogvar of μ + exp(lv/2)·ε is ½σε; of the KL, klVar·σ² − klConst.
  const gLv = tf.sub(
    tf.mul(std, tf.add(tf.mul(tf.mul(gw, eps), ctx.half), tf.mul(ctx.klVar, std))),
    ctx.klConst,
  );
  return tf.concat([gMu, gLv]) as TF.Tensor1D;
};

/** Local reparameterisation: per-example pre-activation noise; gradients in closed form. */
const localGrad: GradFn = (ctx, mu, lv, x, y, seed) => {
  const { tf, layout } = ctx;
  const variance = tf.exp(lv);
  const muParts = tf.split(mu, ctx.sizes);
  const varParts = tf.split(variance, ctx.sizes);
  const shape = (p: TF.Tensor, i: number) =>
    tf.reshape<TF.Rank.R2>(p, [layout.layers[i]!.inputs, layout.layers[i]!.outputs]);
  const wm = layout.layers.map((_, i) => shape(muParts[2 * i]!, i));
  const wv = layout.layers.map((_, i) => shape(varParts[2 * i]!, i));
  const outs = layout.layers.map((l) => l.outputs);
  const eps = tf.split<TF.Tensor2D>(ctx.noise([x.shape[0], outs.reduce((a, b) => a + b, 0)], seed), outs, 1);
  const acts: TF.Tensor2D[] = [x];
  const sq: TF.Tensor2D[] = [tf.square(x)];
  const sds: TF.Tensor2D[] = [];
  let z = x;
  layout.layers.forEach((_, i) => {
    const mean = tf.add(tf.matMul(acts[i]!, wm[i]!), muParts[2 * i + 1]!);
    const sd = tf.sqrt(tf.add<TF.Tensor2D>(tf.matMul(sq[i]!, wv[i]!), varParts[2 * i + 1]!));
    sds.push(sd);
    z = tf.add(mean, tf.mul(sd, eps[i]!));
    if (i < layout.layers.length - 1) {
      const h = tf.relu(z);
      acts.push(h);
      sq.push(tf.square(h));
    }
  });
  let g = ctx.kernels.softmaxMinusLabels(z, y);
  const gMuParts: TF.Tensor[] = [];
  const gVarParts: TF.Tensor[] = [];
  for (let i = layout.layers.length - 1; i >= 0; i--) {
    // dL/d(variance of z) = g·ε / (2·sd).
    const gv = tf.div(tf.mul(tf.mul(g, eps[i]!), ctx.half), sds[i]!);
    gMuParts.unshift(tf.matMul(acts[i]!, g, true, false), tf.sum(g, 0));
    gVarParts.unshift(tf.matMul(sq[i]!, gv, true, false), tf.sum(gv, 0));
    if (i > 0) {
      const viaVar = tf.mul(tf.mul(acts[i]!, tf.matMul(gv, wv[i]!, false, true)), 2);
      g = ctx.kernels.reluBackward(tf.add(tf.matMul(g, wm[i]!, false, true), viaVar), acts[i]!);
    }
  }
  const gMu = tf.add(flatten(tf, gMuParts), tf.mul(ctx.klMu, mu));
  // dL/dlogvar = dL/dvariance · variance, plus the KL's klVar·variance − klConst.
  const gLv = tf.sub(tf.mul(variance, tf.add(flatten(tf, gVarParts), ctx.klVar)), ctx.klConst);
  return tf.concat([gMu, gLv]) as TF.Tensor1D;
};

const GRADS: Partial<Record<TrainConfig['estimator'], GradFn>> = { weight: weightGrad, local: localGrad };

/** Parameters and optimiser state of a run on the backend. */
export interface TrainState {
  theta: TF.Variable;
  adam: AdamState;
}

/** A compiled training step for one config; call `run` once per step, `dispose` at the end. */
export class TrainStep {
  private readonly ctx: StepContext;
  private readonly grad: GradFn;

  constructor(
    tf: typeof TF,
    layout: Layout,
    private readonly config: TrainConfig,
    trainSize: number,
    noise?: NoiseFn,
  ) {
    const grad = GRADS[config.estimator];
    if (!grad) throw new CodedError('config_invalid', `estimator '${config.estimator}' is not implemented`);
    this.grad = grad;
    // × B: the step works with the gradient of B·loss (see the file comment).
    const scale = klScale(layout, config.kl, trainSize).map((c) => c * config.batchSize);
    const s2 = config.priorSigma ** 2;
    const b = config.beta;
    this.ctx = {
      tf,
      layout,
      noise: noise ?? noiseSource(tf),
      klMu: tf.tensor1d(scale.map((c) => (b * c) / s2)),
      klVar: tf.tensor1d(scale.map((c) => (0.5 * b * c) / s2)),
      klConst: tf.tensor1d(scale.map((c) => 0.5 * b * c)),
      half: tf.scalar(0.5),
      sizes: layout.slots.map((s) => s.size),
      adam: adamConstants(tf),
      kernels: backwardKernels(tf),
    };
  }

  /** One update on batch (x [B,784], one-hot y [B,10]) with noise from `seed`. */
  run(state: TrainState, x: TF.Tensor2D, y: TF.Tensor2D, seed: number): void {
    const { tf } = this.ctx;
    tf.tidy(() => {
      const [mu, lv] = tf.split(state.theta, 2) as [TF.Tensor1D, TF.Tensor1D];
      const grad = this.grad(this.ctx, mu, lv, x, y, seed);
      if (x.shape[0] !== this.config.batchSize) {
        throw new CodedError('internal', `batch of ${x.shape[0]} rows, config says ${this.config.batchSize}`);
      }
      const [lrT, epsT] = adamScalars(this.config.learningRate, state.adam.t + 1);
      const scalars = tf.tensor1d([lrT, epsT * this.config.batchSize]);
      const [lr, eps] = tf.split(scalars, 2);
      adamUpdate(tf, this.ctx.adam, state.theta, state.adam, grad, lr!, eps!);
    });
  }

  /** The loss gradient [2P] w.r.t. theta for a batch of config.batchSize rows; for tests. */
  gradient(theta: TF.Tensor, x: TF.Tensor2D, y: TF.Tensor2D, seed: number): TF.Tensor1D {
    const { tf } = this.ctx;
    return tf.tidy(() => {
      const [mu, lv] = tf.split(theta, 2) as [TF.Tensor1D, TF.Tensor1D];
      return tf.div(this.grad(this.ctx, mu, lv, x, y, seed), this.config.batchSize);
    });
  }

  dispose(): void {
    const c = this.ctx;
    const { b1, oneMinusB1, b2, oneMinusB2 } = c.adam;
    c.tf.dispose([c.klMu, c.klVar, c.klConst, c.half, b1, oneMinusB1, b2, oneMinusB2]);
  }
}

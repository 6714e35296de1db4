// The training step's math, generic over Ops<T> so it runs eagerly or as a TensorFlow graph.
// Loss minimised: −mean log p(y|x,θ) + β·KL_normalised (kl.ts has the normalisations). The
// gradients here are of B·loss (B = batch size: the cross-entropy is summed and the KL
// constants are scaled by B), which saves a division per step; Adam is invariant to that scale
// once its epsilon is scaled by B too.
//
// Estimators:
// - 'weight': one weight sample θ = μ + σ·ε per batch, shared by the batch (the article).
// - 'local': local reparameterisation (Kingma, Salimans & Welling 2015): each pre-activation
//   z ~ N(aμ + b_μ, a²σ² + σ_b²) is sampled per example; same expected gradient, lower
//   variance, no weight-sized noise, twice the matmuls.
import type { TrainConfig } from '../../../shared/training';
import type { Layout } from './layout';
import type { Ops } from './ops';

export const ADAM_B1 = 0.9;
export const ADAM_B2 = 0.999;
export const ADAM_EPS = 1e-8;

/** KL gradient constants (length P, ×B): d(β·KL)/dμ = klMu·μ, d/dlogvar = klVar·σ² − klConst. */
export interface KlTerms<T> {
  klMu: T;
  klVar: T;
  klConst: T;
}

/** Per-element constants for the KL gradient of B·β·KL (see KlTerms). */
export function klTermValues(scale: Float32Array, beta: number, priorSigma: number, batch: number) {
  const s2 = priorSigma * priorSigma;
  return {
    klMu: scale.map((c) => (batch * beta * c) / s2),
    klVar: scale.map((c) => (0.5 * batch * beta * c) / s2),
    klConst: scale.map((c) => 0.5 * batch * beta * c),
  };
}

/** Flattens per-tensor gradients (weight, bias per layer) into layout order. */
function flatten<T>(o: Ops<T>, parts: T[], layout: Layout): T {
  return o.concat(parts.map((p, i) => (i % 2 === 0 ? o.reshape(p, [layout.slots[i]!.size]) : p)));
}

function weightGrad<T>(o: Ops<T>, layout: Layout, k: KlTerms<T>, mu: T, lv: T, x: T, y: T): T {
  const std = o.exp(o.scale(lv, 0.5));
  const eps = o.normal([layout.size]);
  const parts = o.split(
    o.add(mu, o.mul(std, eps)),
    layout.slots.map((s) => s.size),
  );
  const ws = layout.layers.map((l, i) => o.reshape(parts[2 * i]!, [l.inputs, l.outputs]));
  const acts: T[] = [x];
  let z = x;
  ws.forEach((w, i) => {
    z = o.add(o.matMul(acts[i]!, w), parts[2 * i + 1]!);
    if (i < ws.length - 1) acts.push(o.relu(z));
  });
  let g = o.softmaxMinusLabels(z, y);
  const grads: T[] = [];
  for (let i = ws.length - 1; i >= 0; i--) {
    grads.unshift(o.matMul(acts[i]!, g, true, false), o.sumRows(g));
    if (i > 0) g = o.reluBackward(o.matMul(g, ws[i]!, false, true), acts[i]!);
  }
  const gw = flatten(o, grads, layout);
  const gMu = o.add(gw, o.mul(k.klMu, mu));
  // d/dlogvar of μ + exp(lv/2)·ε is ½σε; of the KL, klVar·σ² − klConst.
  const gLv = o.sub(o.mul(std, o.add(o.scale(o.mul(gw, eps), 0.5), o.mul(k.klVar, std))), k.klConst);
  return o.concat([gMu, gLv]);
}

function localGrad<T>(o: Ops<T>, layout: Layout, k: KlTerms<T>, mu: T, lv: T, x: T, y: T, batch: number): T {
  const variance = o.exp(lv);
  const sizes = layout.slots.map((s) => s.size);
  const muParts = o.split(mu, sizes);
  const varParts = o.split(variance, sizes);
  const wm = layout.layers.map((l, i) => o.reshape(muParts[2 * i]!, [l.inputs, l.outputs]));
  const wv = layout.layers.map((l, i) => o.reshape(varParts[2 * i]!, [l.inputs, l.outputs]));
  const outs = layout.layers.map((l) => l.outputs);
  const eps = o.split(o.normal([batch, outs.reduce((a, b) => a + b, 0)]), outs, 1);
  const acts: T[] = [x];
  const sq: T[] = [o.square(x)];
  const sds: T[] = [];
  let z = x;
  layout.layers.forEach((_, i) => {
    const mean = o.add(o.matMul(acts[i]!, wm[i]!), muParts[2 * i + 1]!);
    const sd = o.sqrt(o.add(o.matMul(sq[i]!, wv[i]!), varParts[2 * i + 1]!));
    sds.push(sd);
    z = o.add(mean, o.mul(sd, eps[i]!));
    if (i < layout.layers.length - 1) {
      const h = o.relu(z);
      acts.push(h);
      sq.push(o.square(h));
    }
  });
  let g = o.softmaxMinusLabels(z, y);
  const gMuParts: T[] = [];
  const gVarParts: T[] = [];
  for (let i = layout.layers.length - 1; i >= 0; i--) {
    // dL/d(variance of z) = g·ε / (2·sd).
    const gv = o.div(o.scale(o.mul(g, eps[i]!), 0.5), sds[i]!);
    gMuParts.unshift(o.matMul(acts[i]!, g, true, false), o.sumRows(g));
    gVarParts.unshift(o.matMul(sq[i]!, gv, true, false), o.sumRows(gv));
    if (i > 0) {
      const viaVar = o.scale(o.mul(acts[i]!, o.matMul(gv, wv[i]!, false, true)), 2);
      g = o.reluBackward(o.add(o.matMul(g, wm[i]!, false, true), viaVar), acts[i]!);
    }
  }
  const gMu = o.add(flatten(o, gMuParts, layout), o.mul(k.klMu, mu));
  // dL/dlogvar = dL/dvariance · variance, plus the KL's klVar·variance − klConst.
  const gLv = o.sub(o.mul(variance, o.add(flatten(o, gVarParts, layout), k.klVar)), k.klConst);
  return o.concat([gMu, gLv]);
}

/** B × the loss gradient w.r.t. theta = [μ | logvar] for a batch of `batch` rows. */
export function lossGradient<T>(
  o: Ops<T>,
  estimator: TrainConfig['estimator'],
  layout: Layout,
  k: KlTerms<T>,
  theta: T,
  x: T,
  y: T,
  batch: number,
): T {
  const [mu, lv] = o.split(theta, [layout.size, layout.size]) as [T, T];
  return estimator === 'weight'
    ? weightGrad(o, layout, k, mu, lv, x, y)
    : localGrad(o, layout, k, mu, lv, x, y, batch);
}

/** The learning rate of update number `t` (0-based) under the config's schedule. */
export function learningRateAt(
  config: Pick<TrainConfig, 'learningRate' | 'lrSchedule' | 'steps'>,
  t: number,
): number {
  if (config.lrSchedule === 'constant') return config.learningRate;
  return config.learningRate * 0.5 * (1 + Math.cos((Math.PI * Math.min(t, config.steps)) / config.steps));
}

/** The per-step scalars: lr·sqrt(1−b2^t)/(1−b1^t) and eps·sqrt(1−b2^t), for update number t ≥ 1. */
export function adamScalars(learningRate: number, t: number): [number, number] {
  const c2 = Math.sqrt(1 - ADAM_B2 ** t);
  return [(learningRate * c2) / (1 - ADAM_B1 ** t), ADAM_EPS * c2];
}

/**
 * One Adam update (optax.adam's arithmetic, the bias corrections folded into lrT and epsT from
 * adamScalars) on flat tensors: ~10 ops whatever the number of parameter tensors.
 */
export function adamStep<T>(
  o: Ops<T>,
  theta: T,
  m: T,
  v: T,
  grad: T,
  lrT: T,
  epsT: T,
): { theta: T; m: T; v: T } {
  const m1 = o.add(o.scale(m, ADAM_B1), o.scale(grad, 1 - ADAM_B1));
  const v1 = o.add(o.scale(v, ADAM_B2), o.scale(o.square(grad), 1 - ADAM_B2));
  const update = o.div(o.mul(m1, lrT), o.add(o.sqrt(v1), epsT));
  return { theta: o.sub(theta, update), m: m1, v: v1 };
}

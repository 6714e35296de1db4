// The training objective of the mean-field Gaussian CNN and its gradient, written by hand.
// Local reparameterisation (Kingma, Salimans & Welling 2015) in every layer: given a layer's input
// a, each pre-activation is Gaussian, z ~ N(conv(a, μ_W) + μ_b, conv(a², σ²_W) + σ²_b) (dense:
// a·μ_W and a²·σ²_W), drawn per example and position from one noise draw per step.
// Loss minimised: −mean Σ y·log softmax(z) + β·KL_normalised (kl.ts; y may be soft, as outlier
// rows' are). As the MLP's step, the gradient is of B·loss; Adam's epsilon is scaled to match.
import type * as TF from '@tensorflow/tfjs';
import type { DataShape } from '../../../../shared/data-shape';
import type { KlTerms } from '../../bnn/step-math';
import type { ConvOps } from './conv-ops';
import type { CnnLayout } from './tensors';

/** One layer's parameters as the step uses them: means and variances (σ² = exp(logvar)). */
export interface LayerParams {
  wMean: TF.Tensor;
  wVar: TF.Tensor;
  bMean: TF.Tensor1D;
  bVar: TF.Tensor1D;
}

/** What the loss is computed of besides the parameters: a batch and the step's noise draw. */
export interface LossInputs {
  x: TF.Tensor2D;
  /** One-hot or soft targets [B, classes]. */
  y: TF.Tensor2D;
  /** N(0, 1) noise [B, Σ noiseWidths]. */
  eps: TF.Tensor2D;
}

/** The network a loss is computed for. */
export interface LossNet {
  tf: typeof TF;
  k: ConvOps;
  layout: CnnLayout;
  shape: DataShape;
}

/** Per-layer views of theta = [μ | logvar]: means, variances, and the flat variance vector. */
export function unpack(tf: typeof TF, layout: CnnLayout, theta: TF.Tensor) {
  const [mu, lv] = tf.split(theta, 2) as [TF.Tensor1D, TF.Tensor1D];
  const variance = tf.exp(lv);
  const sizes = layout.slots.map((s) => s.size);
  const means = tf.split(mu, sizes);
  const vars = tf.split(variance, sizes);
  const params: LayerParams[] = layout.layers.map((layer, i) => ({
    wMean: tf.reshape(means[2 * i]!, layer.weightShape),
    wVar: tf.reshape(vars[2 * i]!, layer.weightShape),
    bMean: means[2 * i + 1] as TF.Tensor1D,
    bVar: vars[2 * i + 1] as TF.Tensor1D,
  }));
  return { mu, variance, params };
}

/** Pre-activation values per example of each layer (the noise draw's width). */
export function noiseWidths(layout: CnnLayout): number[] {
  return layout.layers.map((l) => (l.kind === 'conv' ? l.height * l.width * l.outChannels : l.outputs));
}

/** What the backward pass needs of one layer's forward pass. */
interface Trace {
  input: TF.Tensor;
  inputSq: TF.Tensor;
  sd: TF.Tensor;
  eps: TF.Tensor;
  /** Conv layers: the pre-activation z, its 2×2 maxima, and their ReLU (the layer's output). */
  pool?: { z: TF.Tensor4D; pooled: TF.Tensor4D; out: TF.Tensor4D };
}

/** Forward pass with local reparameterisation; eps [B, Σ noiseWidths]. Returns logits and traces. */
export function localForward(
  { tf, k, layout, shape }: LossNet,
  params: LayerParams[],
  x: TF.Tensor2D,
  eps: TF.Tensor2D,
): { logits: TF.Tensor2D; traces: Trace[] } {
  const batch = x.shape[0];
  const noise = tf.split(eps, noiseWidths(layout), 1);
  let a: TF.Tensor = tf.reshape(x, [batch, shape.height, shape.width, shape.channels]);
  const traces: Trace[] = [];
  let logits: TF.Tensor2D | null = null;
  layout.layers.forEach((layer, i) => {
    const p = params[i]!;
    if (layer.kind === 'dense' && a.rank !== 2) a = tf.reshape(a, [batch, layer.inputs]);
    const aSq = tf.square(a);
    let mean: TF.Tensor;
    let variance: TF.Tensor;
    if (layer.kind === 'conv') {
      mean = k.conv(a as TF.Tensor4D, p.wMean as TF.Tensor4D, p.bMean);
      variance = k.conv(aSq as TF.Tensor4D, p.wVar as TF.Tensor4D, p.bVar);
    } else {
      mean = tf.add(tf.matMul(a as TF.Tensor2D, p.wMean as TF.Tensor2D), p.bMean);
      variance = tf.add(tf.matMul(aSq as TF.Tensor2D, p.wVar as TF.Tensor2D), p.bVar);
    }
    const sd = tf.sqrt(variance);
    const e = tf.reshape(noise[i]!, mean.shape);
    const z = tf.add(mean, tf.mul(sd, e));
    const trace: Trace = { input: a, inputSq: aSq, sd, eps: e };
    traces.push(trace);
    if (layer.kind === 'conv') {
      // max-pool(ReLU(z)) = ReLU(max-pool(z)): the ReLU runs on a quarter of the values.
      const pooled = k.pool(z as TF.Tensor4D);
      trace.pool = { z: z as TF.Tensor4D, pooled, out: tf.relu(pooled) };
      a = trace.pool.out;
    } else if (layer.last) {
      logits = z as TF.Tensor2D;
    } else {
      a = tf.relu(z);
    }
  });
  return { logits: logits!, traces };
}

/**
 * Gradients of B·(−mean log-likelihood) w.r.t. every mean and variance, given dL/dlogits summed
 * over the batch (softmax − y). Flat, in slot order: [d/dμ (P) | d/dσ² (P)].
 */
export function localBackward(
  { tf, k, layout }: LossNet,
  params: LayerParams[],
  traces: Trace[],
  dLogits: TF.Tensor2D,
): { dMean: TF.Tensor1D; dVar: TF.Tensor1D } {
  const dMean: TF.Tensor[] = [];
  const dVar: TF.Tensor[] = [];
  let g: TF.Tensor = dLogits;
  for (let i = layout.layers.length - 1; i >= 0; i--) {
    const layer = layout.layers[i]!;
    const t = traces[i]!;
    const p = params[i]!;
    // dL/d(variance of z) = g·ε / (2·sd).
    const gv = tf.div(tf.mul(tf.mul(g, t.eps), 0.5), t.sd);
    let dInput: TF.Tensor | null = null;
    if (layer.kind === 'conv') {
      const fs = layer.weightShape as [number, number, number, number];
      dMean.unshift(k.filterGrad(t.input as TF.Tensor4D, g as TF.Tensor4D, fs), tf.sum(g, [0, 1, 2]));
      dVar.unshift(k.filterGrad(t.inputSq as TF.Tensor4D, gv as TF.Tensor4D, fs), tf.sum(gv, [0, 1, 2]));
      if (i > 0) {
        const viaVar = k.inputGrad(gv as TF.Tensor4D, p.wVar as TF.Tensor4D);
        dInput = tf.add(
          k.inputGrad(g as TF.Tensor4D, p.wMean as TF.Tensor4D),
          tf.mul(tf.mul(t.input, 2), viaVar),
        );
      }
    } else {
      dMean.unshift(tf.matMul(t.input, g, true), tf.sum(g, 0));
      dVar.unshift(tf.matMul(t.inputSq, gv, true), tf.sum(gv, 0));
      if (i > 0) {
        const viaVar = tf.matMul(gv, p.wVar, false, true);
        dInput = tf.add(
          tf.matMul(g as TF.Tensor2D, p.wMean as TF.Tensor2D, false, true),
          tf.mul(tf.mul(t.input, 2), viaVar),
        );
      }
    }
    if (!dInput) break;
    const prev = traces[i - 1]!;
    if (prev.pool) {
      // Through the previous conv block: unflatten, back through its ReLU, then un-pool.
      const { z, pooled, out } = prev.pool;
      const dPooled = k.reluBackward(tf.reshape(dInput, out.shape), out);
      g = k.poolGrad(dPooled, z, pooled);
    } else {
      g = k.reluBackward(dInput, t.input);
    }
  }
  const flat = (parts: TF.Tensor[]) => tf.concat<TF.Tensor1D>(parts.map((p) => tf.reshape(p, [-1])));
  return { dMean: flat(dMean), dVar: flat(dVar) };
}

/** [d/dμ | d/dlogvar] of B·loss from the likelihood's part: adds the KL's, klMu·μ and klVar·σ² − klConst. */
function withKl(
  tf: typeof TF,
  kl: KlTerms<TF.Tensor>,
  { mu, variance }: { mu: TF.Tensor; variance: TF.Tensor },
  dMu: TF.Tensor,
  dLv: TF.Tensor,
) {
  const gMu = tf.add<TF.Tensor1D>(dMu, tf.mul(kl.klMu, mu));
  const gLv = tf.sub<TF.Tensor1D>(tf.add(dLv, tf.mul(variance, kl.klVar)), kl.klConst);
  return tf.concat([gMu, gLv]);
}

/** B × gradient of the loss w.r.t. theta = [μ | logvar], by the hand-written backward pass. */
export function lossGradient(
  net: LossNet,
  kl: KlTerms<TF.Tensor>,
  theta: TF.Tensor,
  b: LossInputs,
): TF.Tensor1D {
  const { tf, k } = net;
  const unpacked = unpack(tf, net.layout, theta);
  const { logits, traces } = localForward(net, unpacked.params, b.x, b.eps);
  const { dMean, dVar } = localBackward(net, unpacked.params, traces, k.softmaxMinusLabels(logits, b.y));
  // dL/dlogvar = dL/dσ² · σ².
  return withKl(tf, kl, unpacked, dMean, tf.mul(dVar, unpacked.variance));
}

/** B × (−mean log-likelihood) of the batch at the draw eps: Σ over rows of −Σ y·log softmax(z). */
export function batchNll(net: LossNet, theta: TF.Tensor, b: LossInputs): TF.Scalar {
  const { tf } = net;
  const { logits } = localForward(net, unpack(tf, net.layout, theta).params, b.x, b.eps);
  return tf.neg(tf.sum<TF.Scalar>(tf.mul(b.y, tf.logSoftmax(logits))));
}

/** lossGradient by tfjs's automatic differentiation of batchNll (measured against the hand-written one). */
export function autodiffLossGradient(
  net: LossNet,
  kl: KlTerms<TF.Tensor>,
  theta: TF.Tensor,
  b: LossInputs,
): TF.Tensor1D {
  const { tf } = net;
  const [dMu, dLv] = tf.split(tf.grad((th: TF.Tensor) => batchNll(net, th, b))(theta), 2);
  return withKl(tf, kl, unpack(tf, net.layout, theta), dMu!, dLv!);
}

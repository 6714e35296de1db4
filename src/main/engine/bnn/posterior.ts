// The mean-field Gaussian posterior over an MLP (ReLU hidden layers, softmax output) as one flat
// float32 vector [means | logvars], with conversions to the named tensors of the model format
// and a pure one-sample prediction (sampleLogits) used by training metrics and the uncertainty code.
import type * as TF from '@tensorflow/tfjs';
import { CodedError } from '../../../shared/result';
import type { DataShape } from '../../../shared/data-shape';
import type { NamedTensor } from '../format/safetensors';
import { layoutFor, type Layout } from './layout';
import { Rng } from './rng';

/** Flat posterior values: means and logvars of every weight and bias, in layout order. */
export interface PosteriorValues {
  layout: Layout;
  means: Float32Array;
  logvars: Float32Array;
}

/**
 * Initial posterior: means as Haiku's Linear init (weights truncated normal, stddev
 * 1/sqrt(fan_in), cut at ±2 stddev; biases 0) and every logvar = initLogvar.
 */
export function initPosterior(
  hidden: readonly number[],
  initLogvar: number,
  seed: number,
  shape?: DataShape,
): PosteriorValues {
  const layout = layoutFor(hidden, shape);
  const means = new Float32Array(layout.size);
  const rng = new Rng(seed);
  for (const slot of layout.slots) {
    if (!slot.base.endsWith('.weight')) continue;
    const stddev = 1 / Math.sqrt(slot.shape[0]!);
    for (let i = 0; i < slot.size; i++) means[slot.offset + i] = rng.truncatedNormal() * stddev;
  }
  return { layout, means, logvars: new Float32Array(layout.size).fill(initLogvar) };
}

/** The posterior as named tensors (layers.{i}.{weight|bias}.{mean|logvar}), copies. */
export function toNamedTensors(values: PosteriorValues): NamedTensor[] {
  return values.layout.slots.flatMap((s) => [
    { name: `${s.base}.mean`, shape: s.shape, data: values.means.slice(s.offset, s.offset + s.size) },
    { name: `${s.base}.logvar`, shape: s.shape, data: values.logvars.slice(s.offset, s.offset + s.size) },
  ]);
}

/** Rebuilds flat values from named tensors, checking names and shapes against `hidden`. */
export function fromNamedTensors(
  hidden: readonly number[],
  tensors: readonly NamedTensor[],
  prefix = '',
  shape?: DataShape,
): PosteriorValues {
  const layout = layoutFor(hidden, shape);
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const means = new Float32Array(layout.size);
  const logvars = new Float32Array(layout.size);
  for (const slot of layout.slots) {
    for (const [kind, target] of [
      ['mean', means],
      ['logvar', logvars],
    ] as const) {
      const name = `${prefix}${slot.base}.${kind}`;
      const t = byName.get(name);
      if (!t) throw new CodedError('model_invalid', `tensor ${name} is missing`);
      if (t.shape.join(',') !== slot.shape.join(',')) {
        throw new CodedError(
          'model_invalid',
          `tensor ${name} has shape [${t.shape.join(',')}], expected [${slot.shape.join(',')}]`,
        );
      }
      target.set(t.data, slot.offset);
    }
  }
  return { layout, means, logvars };
}

/** Backend-resident posterior for prediction: per-layer mean/std tensors. Dispose when done. */
export interface PosteriorTensors {
  layout: Layout;
  layers: { wMean: TF.Tensor2D; wStd: TF.Tensor2D; bMean: TF.Tensor1D; bStd: TF.Tensor1D }[];
  dispose(): void;
}

/** Uploads a posterior for prediction. */
export function uploadPosterior(tf: typeof TF, values: PosteriorValues): PosteriorTensors {
  const slots = values.layout.slots;
  const layers = values.layout.layers.map((layer, i) => {
    const w = slots[2 * i]!;
    const b = slots[2 * i + 1]!;
    const part = (src: Float32Array, s: typeof w) => src.subarray(s.offset, s.offset + s.size);
    const std = (src: Float32Array) => src.map((lv) => Math.exp(0.5 * lv));
    return {
      wMean: tf.tensor2d(part(values.means, w), [layer.inputs, layer.outputs]),
      wStd: tf.tensor2d(std(part(values.logvars, w)), [layer.inputs, layer.outputs]),
      bMean: tf.tensor1d(part(values.means, b)),
      bStd: tf.tensor1d(std(part(values.logvars, b))),
    };
  });
  return {
    layout: values.layout,
    layers,
    dispose: () => layers.forEach((l) => tf.dispose([l.wMean, l.wStd, l.bMean, l.bStd])),
  };
}

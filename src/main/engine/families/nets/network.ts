// A point network over the shared layer list (arch.ts): plain weights `layers.{i}.weight|bias`,
// its initialisation and its forward pass, with an optional hook that drops units at the input of
// every dense layer (MC dropout). The point, dropout and Laplace families share it.
import type * as TF from '@tensorflow/tfjs';
import { CodedError } from '../../../../shared/result';
import type { NamedTensor } from '../../format/safetensors';
import { Rng, mixSeed } from '../../bnn/rng';
import { POOL, biasShape, fanIn, type DenseLayer, type Layer } from '../arch';
import type { TensorSpec } from '../family';
import { biasAddKernel } from '../../bnn/native';

/** Backend tensors of a point network by model-file name (`layers.0.weight`, …). */
export type Params = ReadonlyMap<string, TF.Tensor>;

/** Rewrites the input h [B, inputs] of dense layer `index` (into `layers`) before its matmul. */
export type DenseInputHook = (h: TF.Tensor2D, index: number) => TF.Tensor2D;

const SEED_INIT = 0x1417;

/** The model-file tensors of a point network: weight then bias of each layer. */
export function pointSpecs(layers: readonly Layer[]): TensorSpec[] {
  return layers.flatMap((l) => [
    { name: `${l.base}.weight`, shape: l.weightShape },
    { name: `${l.base}.bias`, shape: biasShape(l) },
  ]);
}

/**
 * Initial values as Haiku's Linear/Conv init, like the mean-field MLP's means: weights truncated
 * normal (cut at ±2) × 1/sqrt(fan-in), biases 0; a pure function of the seed.
 */
export function initPoint(layers: readonly Layer[], seed: number): NamedTensor[] {
  const rng = new Rng(mixSeed(seed, SEED_INIT));
  return layers.flatMap((l) => {
    const size = l.weightShape.reduce((a, b) => a * b, 1);
    const stddev = 1 / Math.sqrt(fanIn(l));
    const weight = new Float32Array(size).map(() => rng.truncatedNormal() * stddev);
    const bias = biasShape(l);
    return [
      { name: `${l.base}.weight`, shape: l.weightShape, data: weight },
      { name: `${l.base}.bias`, shape: bias, data: new Float32Array(bias[0]!) },
    ];
  });
}

/** The tensors named by `specs`, checked for presence and shape (others are ignored). */
export function pickTensors(specs: readonly TensorSpec[], tensors: readonly NamedTensor[]): NamedTensor[] {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  return specs.map((s) => {
    const t = byName.get(s.name);
    if (!t) throw new CodedError('model_invalid', `tensor ${s.name} is missing`);
    if (t.shape.join(',') !== s.shape.join(',')) {
      throw new CodedError(
        'model_invalid',
        `tensor ${s.name} has shape [${t.shape.join(',')}], expected [${s.shape.join(',')}]`,
      );
    }
    return t;
  });
}

/** Uploads named tensors to the backend as a Params map. */
export function uploadParams(tf: typeof TF, tensors: readonly NamedTensor[]): Map<string, TF.Tensor> {
  return new Map(tensors.map((t) => [t.name, tf.tensor(t.data, t.shape, 'float32')]));
}

function param(params: Params, name: string): TF.Tensor {
  const t = params.get(name);
  if (!t) throw new CodedError('internal', `no parameter ${name}`);
  return t;
}

/** The last layer (dense, the output). */
export function outputLayer(layers: readonly Layer[]): DenseLayer {
  const last = layers.at(-1);
  if (!last || last.kind !== 'dense')
    throw new CodedError('internal', 'the network must end in a dense layer');
  return last;
}

/** Dense layer `index` on h [B, inputs] (hook applied to its input), before any ReLU. */
function dense(
  tf: typeof TF,
  layers: readonly Layer[],
  params: Params,
  h: TF.Tensor2D,
  index: number,
  hook?: DenseInputHook,
): TF.Tensor2D {
  const base = layers[index]!.base;
  const input = hook ? hook(h, index) : h;
  return tf.add(
    tf.matMul(input, param(params, `${base}.weight`) as TF.Tensor2D),
    param(params, `${base}.bias`),
  );
}

/**
 * One conv block on img [B, H, W, C]: 3×3 same conv, bias, ReLU, 2×2 max-pool. With `pooledFirst`
 * the pool comes first: adding a channel's bias and ReLU are monotone (so is rounding), so the
 * largest of a window stays the largest and the values are the same, bit for bit, on a quarter
 * of the pixels (bias and ReLU over the full-size activation were half of a forward pass). Not
 * where gradients are taken: of two window pixels that round to the same value after the bias,
 * the pool's gradient could then go to the other one.
 */
function convBlock(
  tf: typeof TF,
  img: TF.Tensor4D,
  w: TF.Tensor4D,
  bias: TF.Tensor1D,
  pooledFirst: boolean,
): TF.Tensor4D {
  const z = tf.conv2d(img, w, 1, 'same');
  if (pooledFirst) {
    // BiasAdd adds over the last axis (NHWC's channels) of any rank; its type speaks of rows.
    const pooled = tf.maxPool(z, POOL, POOL, 'valid') as unknown as TF.Tensor2D;
    return tf.relu(biasAddKernel(tf)(pooled, bias)) as unknown as TF.Tensor4D;
  }
  return tf.maxPool(tf.relu(tf.add<TF.Tensor4D>(z, bias)), POOL, POOL, 'valid');
}

/**
 * The input of the output layer (features φ [B, inputs]) for x [B, inputSize]: conv blocks
 * (3×3 same conv, ReLU, 2×2 max-pool; NHWC, flattened row-major) then the hidden dense layers
 * with ReLU. `hook` runs at the input of every dense layer, the output layer's included;
 * `pooledFirst` as in convBlock (predictions only).
 */
export function bodyFeatures(
  tf: typeof TF,
  layers: readonly Layer[],
  params: Params,
  x: TF.Tensor2D,
  hook?: DenseInputHook,
  pooledFirst = false,
): TF.Tensor2D {
  let h: TF.Tensor = x;
  for (let i = 0; i < layers.length - 1; i++) {
    const l = layers[i]!;
    if (l.kind === 'conv') {
      const img =
        i === 0 ? tf.reshape<TF.Rank.R4>(h, [-1, l.height, l.width, l.inChannels]) : (h as TF.Tensor4D);
      const w = param(params, `${l.base}.weight`) as TF.Tensor4D;
      h = convBlock(tf, img, w, param(params, `${l.base}.bias`) as TF.Tensor1D, pooledFirst);
    } else {
      h = tf.relu(dense(tf, layers, params, flatten(tf, h), i, hook));
    }
  }
  return flatten(tf, h);
}

function flatten(tf: typeof TF, h: TF.Tensor): TF.Tensor2D {
  return h.rank === 2 ? (h as TF.Tensor2D) : tf.reshape<TF.Rank.R2>(h, [h.shape[0], -1]);
}

/** Logits [B, classes] of the network for x [B, inputSize]; `hook` as in bodyFeatures. */
export function forwardLogits(
  tf: typeof TF,
  layers: readonly Layer[],
  params: Params,
  x: TF.Tensor2D,
  hook?: DenseInputHook,
): TF.Tensor2D {
  return dense(tf, layers, params, bodyFeatures(tf, layers, params, x, hook), layers.length - 1, hook);
}

/** ½‖θ‖² over every weight and bias (the Gaussian prior's exponent at precision 1). */
export function halfSquaredNorm(tf: typeof TF, params: Params): TF.Scalar {
  return tf.mul<TF.Scalar>(0.5, tf.addN([...params.values()].map((p) => tf.sum(tf.square(p)))));
}

/** Mean over rows of −Σ_c y·log softmax(logits): cross-entropy with one-hot or soft targets. */
export function meanCrossEntropy(tf: typeof TF, logits: TF.Tensor2D, y: TF.Tensor2D): TF.Scalar {
  return tf.neg(tf.mean<TF.Scalar>(tf.sum(tf.mul(y, tf.logSoftmax(logits)), 1)));
}

// Ops<T> on tfjs tensors: the step runs op by op on any backend (native kernels where they help).
import type * as TF from '@tensorflow/tfjs';
import { backwardKernels } from './native';
import type { Ops } from './ops';
import type { NoiseFn } from './noise';

/** Eager ops; `normal` draws from `noise` with the seed given per step via `withSeed`. */
export class EagerOps {
  private readonly scalars = new Map<number, TF.Scalar>();
  private readonly base: Omit<Ops<TF.Tensor>, 'normal'>;

  constructor(
    private readonly tf: typeof TF,
    private readonly noise: NoiseFn,
  ) {
    const kernels = backwardKernels(tf);
    this.base = {
      add: (a, b) => tf.add(a, b),
      sub: (a, b) => tf.sub(a, b),
      mul: (a, b) => tf.mul(a, b),
      div: (a, b) => tf.div(a, b),
      scale: (a, c) => tf.mul(a, this.scalar(c)),
      exp: (a) => tf.exp(a),
      sqrt: (a) => tf.sqrt(a),
      square: (a) => tf.square(a),
      relu: (a) => tf.relu(a),
      matMul: (a, b, ta = false, tb = false) => tf.matMul(a, b, ta, tb),
      sumRows: (a) => tf.sum(a, 0),
      split: (a, sizes, axis = 0) => tf.split(a, sizes, axis),
      reshape: (a, shape) => tf.reshape(a, shape),
      concat: (parts) => tf.concat(parts),
      reluBackward: (dh, h) => kernels.reluBackward(dh as TF.Tensor2D, h as TF.Tensor2D),
      softmaxMinusLabels: (logits, y) => kernels.softmaxMinusLabels(logits as TF.Tensor2D, y as TF.Tensor2D),
    };
  }

  /** Constant scalars live for the life of this object (uploading one per op costs a call). */
  private scalar(c: number): TF.Scalar {
    let s = this.scalars.get(c);
    if (!s) {
      s = this.tf.keep(this.tf.scalar(c));
      this.scalars.set(c, s);
    }
    return s;
  }

  /** The ops for one step, with noise fixed by `seed`. */
  withSeed(seed: number): Ops<TF.Tensor> {
    return { ...this.base, normal: (shape) => this.noise(shape, seed) };
  }

  dispose(): void {
    this.scalars.forEach((s) => s.dispose());
    this.scalars.clear();
  }
}

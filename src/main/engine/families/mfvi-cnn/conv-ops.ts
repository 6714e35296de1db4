// The convolution and pooling kernels the CNN needs, forward and backward, on every backend:
// 3×3 'same' convolutions with stride 1 and 2×2 max-pooling with stride 2, NHWC. The backward
// kernels are tfjs's registered gradient kernels, called directly (the step writes its own
// backward pass); where a backend lacks one (WASM has no Conv2DBackpropFilter) the filter
// gradient is computed as patches-transposed × output-gradient with portable ops.
import type * as TF from '@tensorflow/tfjs';
import { backwardKernels } from '../../bnn/native';
import { CONV_KERNEL, POOL } from '../arch';

export interface ConvOps {
  /** conv(x, w) + b, x [B,H,W,C], w [3,3,C,O], 'same' padding. */
  conv(x: TF.Tensor4D, w: TF.Tensor4D, b: TF.Tensor1D): TF.Tensor4D;
  /** dL/dw [3,3,C,O] of conv(x, w) given dy [B,H,W,O]. */
  filterGrad(x: TF.Tensor4D, dy: TF.Tensor4D, filterShape: [number, number, number, number]): TF.Tensor4D;
  /** dL/dx [B,H,W,C] of conv(x, w) given dy [B,H,W,O]. */
  inputGrad(dy: TF.Tensor4D, w: TF.Tensor4D): TF.Tensor4D;
  /** 2×2 max-pooling, stride 2 (odd trailing rows/columns dropped). */
  pool(h: TF.Tensor4D): TF.Tensor4D;
  /** dL/dh of pool(h) given dL/dpooled (the gradient goes to each window's maximum). */
  poolGrad(dPooled: TF.Tensor4D, h: TF.Tensor4D, pooled: TF.Tensor4D): TF.Tensor4D;
  /** dL/dz through ReLU from dL/dh and h = relu(z), any rank. */
  reluBackward<T extends TF.Tensor>(dh: TF.Tensor, h: T): T;
  /** softmax(logits) − y: dL/dlogits of the batch-summed cross-entropy (y one-hot or soft). */
  softmaxMinusLabels(logits: TF.Tensor2D, y: TF.Tensor2D): TF.Tensor2D;
}

/** dL/dw by im2col: the 9 shifted views of padded x side by side, transposed, times dy. */
export function patchFilterGrad(
  tf: typeof TF,
  x: TF.Tensor4D,
  dy: TF.Tensor4D,
  filterShape: [number, number, number, number],
): TF.Tensor4D {
  return tf.tidy(() => {
    const [b, h, w, c] = x.shape;
    const half = (CONV_KERNEL - 1) / 2;
    const padded = tf.pad(x, [
      [0, 0],
      [half, half],
      [half, half],
      [0, 0],
    ]);
    const views: TF.Tensor4D[] = [];
    for (let i = 0; i < CONV_KERNEL; i++) {
      for (let j = 0; j < CONV_KERNEL; j++) views.push(tf.slice(padded, [0, i, j, 0], [b, h, w, c]));
    }
    const patches = tf.reshape(tf.concat(views, 3), [b * h * w, CONV_KERNEL * CONV_KERNEL * c]);
    const grad = tf.matMul(patches, tf.reshape(dy, [b * h * w, dy.shape[3]]), true, false);
    return tf.reshape(grad, filterShape);
  });
}

export function convOps(tf: typeof TF): ConvOps {
  const engine = tf.engine();
  const hasFilterKernel = tf.getKernel('Conv2DBackpropFilter', tf.getBackend()) !== undefined;
  const poolAttrs = { filterSize: POOL, strides: POOL, pad: 'valid' };
  // The MLP's kernels are typed 2-D; ReluGrad and its fallback work on any rank.
  const dense = backwardKernels(tf);
  return {
    reluBackward: <T extends TF.Tensor>(dh: TF.Tensor, h: T) =>
      dense.reluBackward(dh as TF.Tensor2D, h as unknown as TF.Tensor2D) as unknown as T,
    softmaxMinusLabels: (logits, y) => dense.softmaxMinusLabels(logits, y),
    conv: (x, w, b) => tf.fused.conv2d({ x, filter: w, bias: b, strides: 1, pad: 'same' }),
    filterGrad: (x, dy, filterShape) =>
      hasFilterKernel
        ? engine.runKernel<TF.Tensor4D>(
            'Conv2DBackpropFilter',
            { x, dy },
            { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape },
          )
        : patchFilterGrad(tf, x, dy, filterShape),
    inputGrad: (dy, w) => {
      const [b, h, width] = dy.shape;
      return tf.conv2dTranspose(dy, w, [b, h, width, w.shape[2]], 1, 'same');
    },
    pool: (h) => tf.maxPool(h, POOL, POOL, 'valid'),
    poolGrad: (dPooled, h, pooled) =>
      engine.runKernel<TF.Tensor4D>('MaxPoolGrad', { dy: dPooled, input: h, output: pooled }, poolAttrs),
  };
}

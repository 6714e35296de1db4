// Access to single TensorFlow kernels through tfjs-node's op executor, for the few places where
// one native kernel replaces several tfjs ops in the training step. An internal tfjs-node API,
// feature-checked at runtime: every caller has a portable fallback for WASM/CPU (and for a
// tfjs-node that changed).
import type * as TF from '@tensorflow/tfjs';

export interface NativeAttr {
  name: string;
  type: number;
  value: number;
}

/** The part of tfjs-node's NodeJSKernelBackend used here. */
export interface NativeBackend {
  binding: { TF_ATTR_TYPE: number; TF_FLOAT: number; TF_INT32: number };
  executeSingleOutput(name: string, attrs: NativeAttr[], inputs: TF.Tensor[]): TF.Tensor;
  executeMultipleOutputs(name: string, attrs: NativeAttr[], inputs: TF.Tensor[], count: number): TF.Tensor[];
}

/** The native backend's op executor, or null on other backends. */
export function nativeBackend(tf: typeof TF): NativeBackend | null {
  if (tf.getBackend() !== 'tensorflow') return null;
  const backend = tf.backend() as unknown as Partial<NativeBackend>;
  const binding = backend.binding;
  if (
    typeof backend.executeSingleOutput !== 'function' ||
    typeof backend.executeMultipleOutputs !== 'function'
  ) {
    return null;
  }
  if (!binding || typeof binding.TF_ATTR_TYPE !== 'number' || typeof binding.TF_FLOAT !== 'number')
    return null;
  return backend as NativeBackend;
}

/** Two fused pieces of the MLP backward pass. */
export interface BackwardKernels {
  /** dL/dz of ReLU given dL/dh and the ReLU output h (= dh where h > 0). */
  reluBackward(dh: TF.Tensor2D, h: TF.Tensor2D): TF.Tensor2D;
  /** softmax(logits) − onehot: dL/dlogits of the summed cross-entropy. */
  softmaxMinusLabels(logits: TF.Tensor2D, y: TF.Tensor2D): TF.Tensor2D;
}

/** Native single kernels (ReluGrad, SoftmaxCrossEntropyWithLogits) or portable tfjs ops. */
export function backwardKernels(tf: typeof TF): BackwardKernels {
  const native = nativeBackend(tf);
  if (!native) {
    return {
      // sign(h) is the 0/1 mask for h ≥ 0 (tf.step is much slower on tfjs-node).
      reluBackward: (dh, h) => tf.mul(dh, tf.sign(h)),
      softmaxMinusLabels: (logits, y) => tf.sub(tf.softmax(logits), y),
    };
  }
  const floatT: NativeAttr[] = [
    { name: 'T', type: native.binding.TF_ATTR_TYPE, value: native.binding.TF_FLOAT },
  ];
  return {
    reluBackward: (dh, h) => native.executeSingleOutput('ReluGrad', floatT, [dh, h]) as TF.Tensor2D,
    softmaxMinusLabels: (logits, y) => {
      const [loss, backprop] = native.executeMultipleOutputs(
        'SoftmaxCrossEntropyWithLogits',
        floatT,
        [logits, y],
        2,
      );
      loss!.dispose();
      return backprop as TF.Tensor2D;
    },
  };
}

/** x [rows, n] + bias [n]: TensorFlow's BiasAdd kernel, or the broadcasting add. */
export type BiasAdd = (x: TF.Tensor2D, bias: TF.Tensor1D) => TF.Tensor2D;

/**
 * BiasAdd adds a row vector to every row in one pass made for it; the general broadcasting Add
 * that tf.add runs is ~1.5× slower on a 5000 × 256 block.
 */
export function biasAddKernel(tf: typeof TF): BiasAdd {
  const native = nativeBackend(tf);
  if (!native) return (x, bias) => tf.add(x, bias);
  const floatT: NativeAttr[] = [
    { name: 'T', type: native.binding.TF_ATTR_TYPE, value: native.binding.TF_FLOAT },
  ];
  return (x, bias) => native.executeSingleOutput('BiasAdd', floatT, [x, bias]) as TF.Tensor2D;
}

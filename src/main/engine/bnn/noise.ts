// Standard-normal noise for a given integer seed. On native TensorFlow it runs TF's
// StatelessRandomNormal kernel (Philox, in C++) through the tfjs-node backend's op executor:
// tf.randomNormal draws in JavaScript and costs ~3 ms for the article's 55k weights, more than
// a whole training step should. Other backends use tf.randomNormal with the same seed.
// Same seed + same backend → same numbers, which is all determinism needs.
import type * as TF from '@tensorflow/tfjs';
import { nativeBackend, type NativeAttr } from './native';

export type NoiseFn = (shape: number[], seed: number) => TF.Tensor;

/** Returns a function drawing N(0, 1) noise of a shape from a uint32 seed, fastest for the backend. */
export function noiseSource(tf: typeof TF): NoiseFn {
  const native = nativeBackend(tf);
  if (!native) {
    return (shape, seed) => tf.randomNormal(shape, 0, 1, 'float32', seed);
  }
  const b = native.binding;
  const attrs: NativeAttr[] = [
    { name: 'dtype', type: b.TF_ATTR_TYPE, value: b.TF_FLOAT },
    { name: 'T', type: b.TF_ATTR_TYPE, value: b.TF_INT32 },
    { name: 'Tseed', type: b.TF_ATTR_TYPE, value: b.TF_INT32 },
  ];
  return (shape, seed) =>
    tf.tidy(() => {
      const shapeT = tf.tensor1d(shape, 'int32');
      // Two int32 seed words: the low and high halves of the uint32 seed keep it lossless.
      const seedT = tf.tensor1d([seed & 0xffff, seed >>> 16], 'int32');
      return native.executeSingleOutput('StatelessRandomNormal', attrs, [shapeT, seedT]);
    });
}

// Predictive draws of the last-layer Laplace: features φ from the deterministic body (MAP
// weights), last-layer weights drawn per draw from (seed, draw) (sample.ts), logits = [φ, 1]·W.
import type * as TF from '@tensorflow/tfjs';
import type { Layer } from '../arch';
import type { Predictor } from '../family';
import { bodyFeatures, forwardLogits } from '../nets/network';
import { sampleLastLayer, withBiasInput, type LastLayerPosterior } from './sample';

/** Owns both the point network's parameters and the last layer's posterior (disposed with it). */
export class LaplacePredictor implements Predictor {
  constructor(
    private readonly tf: typeof TF,
    private readonly layers: readonly Layer[],
    private readonly params: Map<string, TF.Tensor>,
    private readonly post: LastLayerPosterior,
  ) {}

  private features(x: TF.Tensor2D): TF.Tensor2D {
    return withBiasInput(this.tf, bodyFeatures(this.tf, this.layers, this.params, x));
  }

  sampleLogits(x: TF.Tensor2D, seed: number, draw: number): TF.Tensor2D {
    const { tf } = this;
    return tf.tidy(() => tf.matMul(this.features(x), sampleLastLayer(tf, this.post, seed, draw)));
  }

  meanLogits(x: TF.Tensor2D): TF.Tensor2D {
    return this.tf.tidy(() => forwardLogits(this.tf, this.layers, this.params, x));
  }

  /** The body runs once for all draws; values equal stacking sampleLogits' softmax. */
  sampleProbs(x: TF.Tensor2D, samples: number, seed: number): TF.Tensor3D {
    const { tf } = this;
    return tf.tidy(() => {
      const phi1 = this.features(x);
      const draws = Array.from(
        { length: samples },
        (_, d) => tf.softmax(tf.matMul(phi1, sampleLastLayer(tf, this.post, seed, d))) as TF.Tensor2D,
      );
      return tf.stack<TF.Tensor2D>(draws) as TF.Tensor3D;
    });
  }

  /** Always: the body (all of the cost but one matmul) runs once instead of once per draw. */
  sampleProbsPays(): boolean {
    return true;
  }

  dispose(): void {
    const { post } = this;
    this.tf.dispose([...this.params.values(), post.mean, post.basisIn, post.basisOut, post.scale]);
  }
}

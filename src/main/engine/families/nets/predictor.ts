// The predictor of a point network: each draw runs the network with that draw's dropout masks
// (MC dropout) or, with no hook, every draw is the point prediction.
import type * as TF from '@tensorflow/tfjs';
import type { Layer } from '../arch';
import type { Predictor } from '../family';
import { forwardLogits, type DenseInputHook } from './network';

/** Dense-input hook of predictive draw `draw` under `seed`; a pure function of both. */
export type DrawHook = (seed: number, draw: number) => DenseInputHook | undefined;

/** Predictions of a point network whose parameters it owns (disposed with it). */
export class NetPredictor implements Predictor {
  constructor(
    private readonly tf: typeof TF,
    private readonly layers: readonly Layer[],
    private readonly params: Map<string, TF.Tensor>,
    private readonly drawHook?: DrawHook,
  ) {}

  sampleLogits(x: TF.Tensor2D, seed: number, draw: number): TF.Tensor2D {
    const hook = this.drawHook?.(seed, draw);
    return this.tf.tidy(() => forwardLogits(this.tf, this.layers, this.params, x, hook));
  }

  meanLogits(x: TF.Tensor2D): TF.Tensor2D {
    return this.tf.tidy(() => forwardLogits(this.tf, this.layers, this.params, x));
  }

  dispose(): void {
    this.tf.dispose([...this.params.values()]);
  }
}

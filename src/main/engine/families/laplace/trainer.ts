// Training of the last-layer Laplace: the point network's (nets/trainer.ts), then finish() fits
// the last layer's GGN on the training examples and chooses λ on the validation split.
import type * as TF from '@tensorflow/tfjs';
import { CodedError } from '../../../../shared/result';
import type { NamedTensor } from '../../format/safetensors';
import type { DenseLayer } from '../arch';
import type { FamilyContext, FamilyTrainer, Predictor, TrainedState } from '../family';
import { bodyFeatures, outputLayer } from '../nets/network';
import { NetPredictor } from '../nets/predictor';
import { PointTrainer } from '../nets/trainer';
import { addToGgnSums, emptyGgnSums, ggnEigen, posteriorScale } from './curvature';
import { choosePriorPrecision, type PriorFit } from './fit';
import { LaplacePredictor } from './predictor';
import { withBiasInput } from './sample';
import { BASIS_IN, BASIS_OUT, PRIOR_PRECISION, SCALE, collapsedLaplace, uploadLastLayer } from './tensors';

/** Rows per forward pass while fitting (a CNN's activations of 500 digits take ~100 MB). */
const CHUNK = 500;

export class LaplaceTrainer implements FamilyTrainer {
  private readonly point: PointTrainer;
  private readonly out: DenseLayer;
  private laplace: NamedTensor[];
  /** The prior-precision search of the last finish(), for reports and tests. */
  fit: PriorFit | null = null;

  constructor(
    private readonly tf: typeof TF,
    private readonly ctx: FamilyContext,
    from?: TrainedState,
  ) {
    this.point = new PointTrainer(tf, ctx, { predictor: (p) => this.predictorOver(p) }, from);
    this.out = outputLayer(this.point.layers);
    this.laplace = collapsedLaplace(this.out);
  }

  private predictorOver(params: Map<string, TF.Tensor>): Predictor {
    const { tf, out } = this;
    if (!this.fit) return new NetPredictor(tf, this.point.layers, params);
    const post = uploadLastLayer(
      tf,
      out,
      params.get(`${out.base}.weight`)!,
      params.get(`${out.base}.bias`)!,
      this.laplace,
    );
    return new LaplacePredictor(tf, this.point.layers, params, post);
  }

  step(x: TF.Tensor2D, y: TF.Tensor2D, seed: number): void {
    this.point.step(x, y, seed);
  }

  priorTerm(): number {
    return this.point.priorTerm();
  }

  predictor(): Predictor {
    return this.point.predictor();
  }

  /** Features [φ, 1] of x, computed CHUNK rows at a time. */
  private features(x: TF.Tensor2D): TF.Tensor2D {
    const { tf } = this;
    const parts: TF.Tensor2D[] = [];
    for (let start = 0; start < x.shape[0]; start += CHUNK) {
      const rows = Math.min(CHUNK, x.shape[0] - start);
      parts.push(
        tf.tidy(() =>
          withBiasInput(
            tf,
            bodyFeatures(tf, this.point.layers, this.point.params, x.slice([start, 0], [rows, -1])),
          ),
        ),
      );
    }
    const all = tf.concat(parts, 0);
    tf.dispose(parts);
    return all;
  }

  finish(data: {
    train: { x: TF.Tensor2D; y: TF.Tensor2D };
    validation: { x: TF.Tensor2D; y: TF.Tensor2D };
  }): Promise<void> {
    const { tf, out } = this;
    if (data.train.x.shape[0] === 0 || data.validation.x.shape[0] === 0) {
      throw new CodedError('internal', 'the Laplace fit needs training and validation examples');
    }
    const w = this.point.params.get(`${out.base}.weight`)!;
    const b = this.point.params.get(`${out.base}.bias`)!;
    const mean = tf.tidy(() => tf.concat([w as TF.Tensor2D, tf.reshape<TF.Rank.R2>(b, [1, out.outputs])], 0));
    const sums = emptyGgnSums(out.inputs + 1, out.outputs);
    for (let start = 0; start < data.train.x.shape[0]; start += CHUNK) {
      const rows = Math.min(CHUNK, data.train.x.shape[0] - start);
      tf.tidy(() => {
        const phi1 = this.features(data.train.x.slice([start, 0], [rows, -1]));
        addToGgnSums(tf, sums, phi1, tf.softmax(tf.matMul(phi1, mean)) as TF.Tensor2D);
      });
    }
    const eigen = ggnEigen(sums, this.ctx.config.laplace);
    const [inputs, classes] = [out.inputs + 1, out.outputs];
    const basisIn = tf.tensor2d(Float32Array.from(eigen.basisIn), [inputs, inputs]);
    const basisOut = tf.tensor2d(Float32Array.from(eigen.basisOut), [classes, classes]);
    const phiVal = this.features(data.validation.x);
    const fit = choosePriorPrecision(tf, eigen, { mean, basisIn, basisOut }, phiVal, data.validation.y);
    tf.dispose([mean, basisIn, basisOut, phiVal]);
    this.laplace = [
      { name: BASIS_IN, shape: [inputs, inputs], data: Float32Array.from(eigen.basisIn) },
      { name: BASIS_OUT, shape: [classes, classes], data: Float32Array.from(eigen.basisOut) },
      { name: SCALE, shape: [inputs, classes], data: posteriorScale(eigen.precision, fit.priorPrecision) },
      { name: PRIOR_PRECISION, shape: [1], data: Float32Array.of(fit.priorPrecision) },
    ];
    this.fit = fit;
    return Promise.resolve();
  }

  save(): TrainedState {
    const state = this.point.save();
    return { ...state, model: [...state.model, ...this.laplace] };
  }

  dispose(): void {
    this.point.dispose();
  }
}

// Training of a point network (point, dropout and Laplace families): Adam on
//   mean over the batch of −Σ_c y·log softmax(f(x))  +  weightDecay · ½‖θ‖²
// over every weight and bias. Multiplied by the training-set size N this is the negative log joint
// of the data and a Gaussian prior N(0, 1/(N·weightDecay)) on each parameter, so the minimum is the
// MAP estimate under a prior of precision N·weightDecay (weightDecay is that precision per example).
import type * as TF from '@tensorflow/tfjs';
import type { NamedTensor } from '../../format/safetensors';
import { layersFor, type Layer } from '../arch';
import type { FamilyContext, FamilyTrainer, Predictor, TrainedState } from '../family';
import { NamedAdam } from './adam';
import {
  forwardLogits,
  halfSquaredNorm,
  initPoint,
  meanCrossEntropy,
  pickTensors,
  pointSpecs,
  type DenseInputHook,
} from './network';

export interface PointTrainerOptions {
  /** Dense-input hook of the training step with noise seed `seed` (dropout); absent: none. */
  stepHook?: (seed: number) => DenseInputHook | undefined;
  /** A predictor owning the given copies of the parameters. */
  predictor: (params: Map<string, TF.Tensor>) => Predictor;
}

/** A point network's parameters and Adam state on the backend. */
export class PointTrainer implements FamilyTrainer {
  readonly layers: Layer[];
  /** Trainable variables by model-file name. */
  readonly params: Map<string, TF.Variable>;
  private readonly adam: NamedAdam;

  constructor(
    private readonly tf: typeof TF,
    private readonly ctx: FamilyContext,
    private readonly options: PointTrainerOptions,
    from?: TrainedState,
  ) {
    this.layers = layersFor(ctx.config, ctx.shape);
    const specs = pointSpecs(this.layers);
    const start = from ? pickTensors(specs, from.model) : initPoint(this.layers, ctx.config.seed);
    this.params = new Map(start.map((t) => [t.name, tf.variable(tf.tensor(t.data, t.shape), true)]));
    const shapes = new Map(specs.map((s) => [s.name, s.shape]));
    this.adam = new NamedAdam(tf, ctx.config, shapes, from?.optimizer, from?.adamT ?? 0);
  }

  /** The objective on one batch (mean cross-entropy + weight-decay penalty). */
  loss(x: TF.Tensor2D, y: TF.Tensor2D, seed: number): TF.Scalar {
    const { tf } = this;
    const logits = forwardLogits(tf, this.layers, this.params, x, this.options.stepHook?.(seed));
    return tf.add(meanCrossEntropy(tf, logits, y), this.penalty());
  }

  private penalty(): TF.Scalar {
    return this.tf.mul(this.ctx.config.weightDecay, halfSquaredNorm(this.tf, this.params));
  }

  step(x: TF.Tensor2D, y: TF.Tensor2D, seed: number): void {
    const { tf } = this;
    const vars = [...this.params.values()];
    const names = new Map(vars.map((v, i) => [v.name, [...this.params.keys()][i]!]));
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => this.loss(x, y, seed), vars);
      this.adam.apply(this.params, new Map(Object.entries(grads).map(([k, g]) => [names.get(k)!, g])));
    });
  }

  priorTerm(): number {
    return this.tf.tidy(() => this.penalty().dataSync()[0]!);
  }

  predictor(): Predictor {
    return this.options.predictor(new Map([...this.params].map(([n, v]) => [n, this.tf.clone(v)])));
  }

  /** The network's tensors (copies), named as in the model file. */
  modelTensors(): NamedTensor[] {
    return [...this.params].map(([name, v]) => ({
      name,
      shape: v.shape,
      data: Float32Array.from(v.dataSync()),
    }));
  }

  save(): TrainedState {
    return { model: this.modelTensors(), optimizer: this.adam.save(), adamT: this.adam.t };
  }

  dispose(): void {
    this.tf.dispose([...this.params.values()]);
    this.adam.dispose();
  }
}

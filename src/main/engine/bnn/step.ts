// One eager training step: the generic step math (step-math.ts) on tfjs tensors, then Adam on the
// flat variables. Works on every backend; graph/ has the faster native-TensorFlow variant.
import type * as TF from '@tensorflow/tfjs';
import type { TrainConfig } from '../../../shared/training';
import { CodedError } from '../../../shared/result';
import { klScale } from './kl';
import type { Layout } from './layout';
import { noiseSource, type NoiseFn } from './noise';
import { EagerOps } from './eager-ops';
import { adamScalars, adamStep, learningRateAt, klTermValues, lossGradient, type KlTerms } from './step-math';

/** Parameters [μ | logvar] and Adam's state of a run on the backend. */
export interface TrainState {
  theta: TF.Variable;
  adam: { m: TF.Variable; v: TF.Variable; t: number };
}

/** Runs training steps for one config; `dispose` at the end. */
export interface StepRunner {
  /** One update on batch (x [B,784], one-hot y [B,10]) with noise from `seed`. */
  run(state: TrainState, x: TF.Tensor2D, y: TF.Tensor2D, seed: number): void;
  /** Updates one runBlock call makes (absent or 1: no blocks). */
  readonly blockSize?: number;
  /** `blockSize` consecutive updates in one call: batches xs [K,B,784], ys [K,B,10], one seed each. */
  runBlock?(state: TrainState, xs: TF.Tensor3D, ys: TF.Tensor3D, seeds: number[]): void;
  dispose(): void;
}

/** The eager step runner; `gradient` exposes the loss gradient for tests. */
export class TrainStep implements StepRunner {
  private readonly ops: EagerOps;
  private readonly kl: KlTerms<TF.Tensor>;

  constructor(
    private readonly tf: typeof TF,
    private readonly layout: Layout,
    private readonly config: TrainConfig,
    trainSize: number,
    noise?: NoiseFn,
  ) {
    this.ops = new EagerOps(tf, noise ?? noiseSource(tf));
    const k = klTermValues(
      klScale(layout, config.kl, trainSize),
      config.beta,
      config.priorSigma,
      config.batchSize,
    );
    this.kl = { klMu: tf.tensor1d(k.klMu), klVar: tf.tensor1d(k.klVar), klConst: tf.tensor1d(k.klConst) };
  }

  private grad(theta: TF.Tensor, x: TF.Tensor2D, y: TF.Tensor2D, seed: number): TF.Tensor {
    const { estimator, batchSize } = this.config;
    return lossGradient(this.ops.withSeed(seed), estimator, this.layout, this.kl, theta, x, y, batchSize);
  }

  run(state: TrainState, x: TF.Tensor2D, y: TF.Tensor2D, seed: number): void {
    const { tf } = this;
    if (x.shape[0] !== this.config.batchSize) {
      throw new CodedError('internal', `batch of ${x.shape[0]} rows, config says ${this.config.batchSize}`);
    }
    tf.tidy(() => {
      const grad = this.grad(state.theta, x, y, seed);
      const [lrT, epsT] = adamScalars(learningRateAt(this.config, state.adam.t), state.adam.t + 1);
      const [lr, eps] = tf.split(tf.tensor1d([lrT, epsT * this.config.batchSize]), 2);
      const next = adamStep(
        this.ops.withSeed(seed),
        state.theta,
        state.adam.m,
        state.adam.v,
        grad,
        lr!,
        eps!,
      );
      state.theta.assign(next.theta);
      state.adam.m.assign(next.m);
      state.adam.v.assign(next.v);
    });
    state.adam.t += 1;
  }

  /** The loss gradient [2P] w.r.t. theta for a batch of config.batchSize rows; for tests. */
  gradient(theta: TF.Tensor, x: TF.Tensor2D, y: TF.Tensor2D, seed: number): TF.Tensor1D {
    return this.tf.tidy(() => this.tf.div<TF.Tensor1D>(this.grad(theta, x, y, seed), this.config.batchSize));
  }

  dispose(): void {
    this.ops.dispose();
    this.tf.dispose([this.kl.klMu, this.kl.klVar, this.kl.klConst]);
  }
}

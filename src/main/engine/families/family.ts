// The one interface every model family implements (mean-field Gaussian, MC dropout, last-layer
// Laplace, point estimate; an ensemble wraps any of them). The trainer, the model folder, the
// calibration, the verdicts, the CLI and the UI talk to a family only through this interface, so
// none of them branches on which family a model is.
import type * as TF from '@tensorflow/tfjs';
import type { DataShape } from '../../../shared/data-shape';
import type { TrainConfig } from '../../../shared/training';
import type { NamedTensor } from '../format/safetensors';

/** A tensor a model file must hold: its name and shape (values are checked separately). */
export interface TensorSpec {
  name: string;
  shape: number[];
}

/** What a family needs to know of the data: input shape and class count, and the training-set size. */
export interface FamilyContext {
  config: TrainConfig;
  shape: DataShape;
  /** Examples in the training split (the KL of the per-example ELBO and weight decay scale by it). */
  trainSize: number;
}

/**
 * Predictive samples of a trained model. Sample number `draw` is a pure function of
 * (tensors, seed, draw): the same picture gets the same answer whatever else is in the batch.
 */
export interface Predictor {
  /** Logits [batch, classes] of predictive sample `draw` for x [batch, inputSize]. */
  sampleLogits(x: TF.Tensor2D, seed: number, draw: number): TF.Tensor2D;
  /** Logits of the point the family is centred on (posterior mean, MAP weights), no sampling. */
  meanLogits(x: TF.Tensor2D): TF.Tensor2D;
  /**
   * Optional faster path: softmax probabilities [samples, batch, classes] of draws 0…samples−1,
   * equal in distribution (and where the family can, in value) to stacking sampleLogits' softmax.
   */
  sampleProbs?(x: TF.Tensor2D, samples: number, seed: number): TF.Tensor3D;
  /** True when sampleProbs over `rows` inputs costs less than drawing sample by sample (absent: never). */
  sampleProbsPays?(rows: number): boolean;
  /**
   * Optional faster path for many inputs: the draws over one fixed block x, one at a time (work
   * shared by every draw done once per block). Draw s of a row must not depend on the block.
   */
  blockSampler?(x: TF.Tensor2D, seed: number): BlockDraws;
  dispose(): void;
}

/** Predictive draws over one fixed block of inputs. */
export interface BlockDraws {
  /** Softmax probabilities [rows, classes] of draw `s`. */
  probs(s: number): TF.Tensor2D;
  dispose(): void;
}

/** A saved training state: the model's tensors (posterior.safetensors) and the optimiser's. */
export interface TrainedState {
  /** What prediction needs, named as in the model file (docs/posterior-format.md). */
  model: NamedTensor[];
  /**
   * Optimiser moments etc., only needed to resume (checkpoint.safetensors); empty: a fresh optimiser
   * (a run that starts from a finished model's network).
   */
  optimizer: NamedTensor[];
  /** Optimiser step count (Adam's t). */
  adamT: number;
}

/** A training run's parameters on the backend. */
export interface FamilyTrainer {
  /** One update on x [B, inputSize] and one-hot (or soft, for outliers) targets y [B, classes]; noise from seed. */
  step(x: TF.Tensor2D, y: TF.Tensor2D, seed: number): void;
  /** Updates one runBlock call makes (absent: no blocks). */
  readonly blockSize?: number;
  /** `blockSize` consecutive updates in one call: xs [K,B,inputSize], ys [K,B,classes], one seed each. */
  runBlock?(xs: TF.Tensor3D, ys: TF.Tensor3D, seeds: number[]): void;
  /** The prior term of the objective at the current parameters (normalised KL, weight-decay penalty), for metrics. */
  priorTerm(): number;
  /** A predictor of the current parameters (training metrics); the caller disposes it. */
  predictor(): Predictor;
  /** The state to write to a checkpoint (downloaded copies). */
  save(): TrainedState;
  /**
   * Runs once after the last update, before the model is saved as complete: a last-layer Laplace
   * fits its curvature on `train` and chooses its prior precision on `validation`, the examples of
   * the training split held out from training (see ModelFamily.validationSize), never the test set.
   * y is one-hot.
   */
  finish?(data: {
    train: { x: TF.Tensor2D; y: TF.Tensor2D };
    validation: { x: TF.Tensor2D; y: TF.Tensor2D };
  }): Promise<void>;
  dispose(): void;
}

export interface ModelFamily {
  /** The model-file tensors for this context, in file order. */
  tensorSpecs(ctx: FamilyContext): TensorSpec[];
  /** Checks tensor values beyond names and shapes (e.g. log-variances in range); throws CodedError(code). */
  checkValues?(tensors: readonly NamedTensor[], code: string): void;
  /**
   * Examples at the end of the training split this family keeps out of training, for finish()
   * (0 or absent: trains on the whole split, as the article does).
   */
  validationSize?(ctx: FamilyContext): number;
  /** Starts training from scratch, or from a checkpoint's state. */
  openTrainer(tf: typeof TF, ctx: FamilyContext, from?: TrainedState): Promise<FamilyTrainer>;
  /** A predictor over saved model tensors (already checked against tensorSpecs). */
  predictor(tf: typeof TF, ctx: FamilyContext, tensors: readonly NamedTensor[]): Predictor;
}

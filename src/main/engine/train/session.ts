// Everything a run holds on the backend (data, the family's trainer with its parameters and
// optimiser state), built either fresh from a config or from a checkpoint, and the download of
// its state for writing. The family is reached only through FamilyTrainer.
import type * as TF from '@tensorflow/tfjs';
import type { TrainConfig } from '../../../shared/training';
import { inputSize } from '../../../shared/data-shape';
import { BUILTIN_DATASET, modelDatasetOf } from '../../../shared/datasets';
import { CodedError } from '../../../shared/result';
import { BatchSchedule, BatchSource, splitRows, splitTensors, type SplitTensors } from '../data/dataset';
import type { Dataset } from '../datasets/dataset';
import { mixSeed } from '../bnn/rng';
import { outlierFill, outlierPoolFor } from '../outliers';
import { teachFill } from '../teach/fill';
import type { MarkedSet } from '../teach/store';
import { contextFor, familyFor, heldOutSize } from '../families';
import type { FamilyContext, FamilyTrainer, ModelFamily, TrainedState } from '../families/family';
import type { Checkpoint } from '../store/model-folder';

export interface Session {
  tf: typeof TF;
  config: TrainConfig;
  dataset: Dataset;
  family: ModelFamily;
  ctx: FamilyContext;
  trainer: FamilyTrainer;
  /** Training examples 0 … trained−1 are trained on; the rest of the split is the family's validation. */
  trained: number;
  trainEval: SplitTensors;
  test: SplitTensors;
  batches: BatchSource;
  dispose(): void;
}

/**
 * Outlier exposure is allowed where outliers.ts has a pool for the dataset (MNIST's own, or written
 * strokes for 28×28 grey things) and refused with its reason elsewhere. Teaching adds marked
 * pictures meaning "not a digit": MNIST's alone.
 */
function checkDatasetFits(config: TrainConfig, dataset: Dataset): void {
  const { name } = dataset.manifest;
  const outliers = outlierPoolFor(dataset.manifest);
  if (config.outlierFraction > 0 && !outliers.pool) throw new CodedError('bad_request', outliers.reason);
  if (config.teach && name !== BUILTIN_DATASET)
    throw new CodedError(
      'bad_request',
      `The marked pictures teach MNIST digits; turn teaching off to train on "${name}"`,
    );
}

/**
 * Uploads `dataset`'s data and opens the family's trainer; `from` is the state it starts from (a
 * checkpoint's when resuming, a finished model's network), `marked` the run's snapshot of the
 * marked pictures (config.teach).
 */
export async function openSession(
  tf: typeof TF,
  config: TrainConfig,
  dataset: Dataset,
  from?: TrainedState,
  marked?: MarkedSet,
): Promise<Session> {
  checkDatasetFits(config, dataset);
  const family = familyFor(config);
  const data = modelDatasetOf(dataset.manifest);
  const ctx = contextFor(config, data);
  const trained = ctx.trainSize - heldOutSize(config, data);
  const trainer = await family.openTrainer(tf, ctx, from);
  const trainEval = splitTensors(tf, dataset, 'train', Math.min(config.trainEvalSize, trained));
  const test = splitTensors(tf, dataset, 'test');
  return {
    tf,
    config,
    dataset,
    family,
    ctx,
    trainer,
    trained,
    trainEval,
    test,
    batches: new BatchSource(
      dataset,
      'train',
      new BatchSchedule(mixSeed(config.seed, 0xda7a), trained, config.batchSize),
      config.batchSize,
      marked
        ? teachFill(config, marked, outlierFill(config, dataset.manifest))
        : outlierFill(config, dataset.manifest),
    ),
    dispose: () => {
      trainer.dispose();
      [trainEval, test].forEach((s) => s.dispose());
    },
  };
}

const stepSeed = (s: Session, index: number) => mixSeed(s.config.seed, 0x5eed, index);

/** Runs update number `index` (0-based): batch and noise are functions of (seed, index). */
export function runStep(s: Session, index: number): void {
  s.tf.tidy(() => {
    const { x, y } = s.batches.batch(s.tf, index);
    s.trainer.step(x, y, stepSeed(s, index));
  });
}

/** Updates one runSteps call can make at once (the trainer's block size, 1 without blocks). */
export function blockSize(s: Session): number {
  return s.trainer.runBlock ? (s.trainer.blockSize ?? 1) : 1;
}

/**
 * Runs updates index … index+count−1, the same updates as `count` runStep calls: in one call
 * when count is the trainer's block size, step by step otherwise.
 */
export function runSteps(s: Session, index: number, count: number): void {
  const runBlock = s.trainer.runBlock?.bind(s.trainer);
  if (!runBlock || count === 1 || count !== blockSize(s)) {
    for (let k = 0; k < count; k++) runStep(s, index + k);
    return;
  }
  s.tf.tidy(() => {
    const { x, y } = s.batches.batches(s.tf, index, count);
    const seeds = [...Array(count).keys()].map((k) => stepSeed(s, index + k));
    runBlock(x, y, seeds);
  });
}

/** Examples start … end−1 of the training split as tensors, labels one-hot. */
function trainingRows(s: Session, start: number, end: number): { x: TF.Tensor2D; y: TF.Tensor2D } {
  const { pixels, oneHot } = splitRows(s.dataset, 'train', start, end);
  return {
    x: s.tf.tensor2d(pixels, [end - start, inputSize(s.ctx.shape)]),
    y: s.tf.tensor2d(oneHot, [end - start, s.ctx.shape.classes]),
  };
}

/**
 * The family's last pass after the last update (a Laplace fit): the examples trained on, and the
 * held-out rest of the training split as validation. False when the family has none.
 */
export async function finishTraining(s: Session): Promise<boolean> {
  if (!s.trainer.finish) return false;
  const train = trainingRows(s, 0, s.trained);
  const validation = trainingRows(s, s.trained, s.ctx.trainSize);
  try {
    await s.trainer.finish({ train, validation });
  } finally {
    s.tf.dispose([train.x, train.y, validation.x, validation.y]);
  }
  return true;
}

/** Downloads the trainer's state at `step` (a checkpoint's content). */
export function snapshot(s: Session, step: number): Checkpoint {
  return { config: s.config, dataset: modelDatasetOf(s.dataset.manifest), step, state: s.trainer.save() };
}

/** True when all values of a checkpoint are finite (a diverged run is never checkpointed). */
export function checkpointFinite(cp: Checkpoint): boolean {
  return [...cp.state.model, ...cp.state.optimizer].every((t) => t.data.every(Number.isFinite));
}

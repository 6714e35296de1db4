// Schemas for what training takes and reports. They cross process boundaries (trainer process,
// IPC, WebSocket, CLI --json), so each is a runtime schema and the types derive from it.
import { z } from 'zod';
import { MAX_SAMPLES } from './api/limits';
import { BUILTIN_DATASET, DatasetName } from './datasets';

/** How the KL term is scaled: the article's per-tensor sum/first-dim, or the per-example ELBO. */
export const KlNormalisation = z.enum(['article', 'elbo']);
/** How weights are sampled in training: once per batch (the article) or local reparameterisation. */
export const Estimator = z.enum(['weight', 'local']);
export const BackendChoice = z.enum(['auto', 'tensorflow', 'wasm', 'cpu']);
/**
 * How a model represents what it does not know (src/main/engine/families): a mean-field Gaussian
 * over every weight (variational inference), a point network with dropout kept on when predicting,
 * a Laplace approximation over the last layer of a point network, or a plain point estimate (the
 * baseline that says what the Bayesian part buys).
 */
export const Family = z.enum(['mfvi', 'dropout', 'laplace', 'point']);
/** The network body: dense layers only, or 3×3 convolution blocks (each with 2×2 max-pooling) then dense layers. */
export const Architecture = z.enum(['mlp', 'cnn']);
/** Curvature of the last-layer Laplace approximation: Kronecker-factored or diagonal. */
export const LaplaceCurvature = z.enum(['kron', 'diag']);
export type Family = z.infer<typeof Family>;
export type Architecture = z.infer<typeof Architecture>;
export type LaplaceCurvature = z.infer<typeof LaplaceCurvature>;
export type KlNormalisation = z.infer<typeof KlNormalisation>;
export type Estimator = z.infer<typeof Estimator>;
export type BackendChoice = z.infer<typeof BackendChoice>;

/** What each TrainConfig setting is called where a person reads it: form labels and error messages. */
export const TRAIN_FIELD_NAMES = {
  preset: 'Preset',
  dataset: 'Dataset',
  family: 'Model family',
  arch: 'Network',
  conv: 'Convolution channels',
  members: 'Ensemble members',
  dropout: 'Dropout rate',
  weightDecay: 'Weight decay',
  laplace: 'Laplace curvature',
  hidden: 'Hidden layers',
  beta: 'β (KL weight)',
  kl: 'KL normalisation',
  estimator: 'Estimator',
  priorSigma: 'Prior σ',
  initLogvar: 'Initial log-variance',
  learningRate: 'Learning rate',
  lrSchedule: 'Learning-rate schedule',
  batchSize: 'Batch size',
  steps: 'Steps',
  seed: 'Seed',
  logEvery: 'Log every (steps)',
  checkpointEvery: 'Checkpoint every (steps)',
  evalSamples: 'Evaluation samples',
  trainEvalSize: 'Train eval subset',
  holdOut: 'Held-out digits',
  outlierFraction: 'Outlier exposure',
} as const;

const plain = (n: number): string => n.toLocaleString('en-US');

/** A number setting whose every refusal reads as a sentence about `name` ("Steps must be at least 1"). */
function setting(
  name: string,
  bounds: { int?: boolean; min?: number; above?: number; max: number },
): z.ZodNumber {
  let schema = z.number({ error: `${name} must be a number` });
  if (bounds.int) schema = schema.int(`${name} must be a whole number`);
  if (bounds.min !== undefined)
    schema = schema.min(bounds.min, `${name} must be at least ${plain(bounds.min)}`);
  if (bounds.above !== undefined)
    schema = schema.gt(bounds.above, `${name} must be greater than ${plain(bounds.above)}`);
  return schema.max(bounds.max, `${name} must be at most ${plain(bounds.max)}`);
}

/** A list of layer sizes ("64, 64"), each a whole number from 1 to `max`, at most `count` of them. */
function sizeList(name: string, each: string, { max, count }: { max: number; count: number }) {
  return z
    .array(setting(each, { int: true, min: 1, max }), { error: `${name} must be sizes separated by commas` })
    .min(1, `${name} needs at least one size`)
    .max(count, `${name} can have at most ${count} sizes`);
}

const N = TRAIN_FIELD_NAMES;
/** Training digits every recipe holds out for calibration (TrainConfig.holdOut): MNIST's last 5000. */
export const HELD_OUT_DIGITS = 5000;

/**
 * Training examples a dataset of `trainSize` keeps out to calibrate on (and Laplace validates on):
 * MNIST's 5000, at most a tenth of a smaller split.
 */
export function calibrationSize(trainSize: number): number {
  return Math.min(HELD_OUT_DIGITS, Math.floor(trainSize / 10));
}

export const TrainConfig = z
  .object({
    preset: z.string().min(1).max(64).default('custom'),
    /** The dataset trained on (engine/datasets); configs made before datasets existed are MNIST's. */
    dataset: DatasetName.default(BUILTIN_DATASET),
    family: Family.default('mfvi'),
    arch: Architecture.default('mlp'),
    /** Output channels of each 3×3 convolution block (arch 'cnn'); the dense layers follow as `hidden`. */
    conv: sizeList(N.conv, 'Each convolution width', { max: 512, count: 4 }).default([32, 64]),
    /** Deep ensemble: this many independently initialised members of the family, samples pooled. */
    members: setting(N.members, { int: true, min: 1, max: 10 }).default(1),
    /** Dropout probability before every dense layer (family 'dropout'; kept on when predicting). */
    dropout: setting(N.dropout, { min: 0, max: 0.9 }).default(0.25),
    /** L2 penalty of the point-network families (a Gaussian prior's precision per example). */
    weightDecay: setting(N.weightDecay, { min: 0, max: 1 }).default(0.0005),
    laplace: LaplaceCurvature.default('kron'),
    hidden: sizeList(N.hidden, 'Each hidden layer size', { max: 4096, count: 8 }).default([64, 64]),
    beta: setting(N.beta, { min: 0, max: 1e3 }).default(0.001),
    kl: KlNormalisation.default('article'),
    estimator: Estimator.default('local'),
    priorSigma: setting(N.priorSigma, { above: 0, max: 100 }).default(1),
    initLogvar: setting(N.initLogvar, { min: -30, max: 5 }).default(-7),
    learningRate: setting(N.learningRate, { above: 0, max: 10 }).default(0.001),
    /** 'cosine' decays the learning rate to 0 over `steps` (half a cosine); 'constant' keeps it. */
    lrSchedule: z.enum(['constant', 'cosine']).default('constant'),
    batchSize: setting(N.batchSize, { int: true, min: 1, max: 60000 }).default(128),
    steps: setting(N.steps, { int: true, min: 1, max: 10_000_000 }).default(10000),
    seed: setting(N.seed, { int: true, min: 0, max: 2 ** 31 - 1 }).default(0),
    logEvery: setting(N.logEvery, { int: true, min: 1, max: 10_000_000 }).default(1000),
    checkpointEvery: setting(N.checkpointEvery, { int: true, min: 1, max: 10_000_000 }).default(1000),
    evalSamples: setting(N.evalSamples, { int: true, min: 1, max: MAX_SAMPLES }).default(10),
    trainEvalSize: setting(N.trainEvalSize, { int: true, min: 100, max: 60000 }).default(10000),
    /**
     * The last `holdOut` training digits are never trained on: the split that calibrates the model
     * (conformal sets, thresholds with a guarantee) and chooses Laplace's prior precision, so the
     * test set stays for the figures. 0 in models made before it existed (they saw all 60k).
     */
    holdOut: setting(N.holdOut, { int: true, min: 0, max: 30000 }).default(0),
    /**
     * Outlier exposure: the fraction of each batch replaced by synthetic non-digits whose target is
     * the uniform distribution over the 10 classes (0 = off). Their weight against the digits is
     * λ = f / (1 − f) in Hendrycks et al.'s loss. Half of the remaining digit rows get the
     * outliers' jitter, label kept (src/main/engine/outliers).
     */
    outlierFraction: setting(N.outlierFraction, { min: 0, max: 0.75 }).default(0),
    /**
     * Teach the marked pictures (engine/teach): marked digits mixed into the digit rows, marked
     * non-digits into the outlier rows. The set is copied into the model folder when the run starts.
     */
    teach: z.boolean().default(false),
  })
  .strict();
export type TrainConfig = z.infer<typeof TrainConfig>;

/**
 * The config fields that make a model's network (and what it was trained on): a run can start from a
 * finished model only when all of them are equal, and a model's summary carries each of them.
 */
export const NETWORK_FIELDS = ['dataset', 'family', 'arch', 'conv', 'hidden', 'members'] as const;
export type TrainConfigInput = z.input<typeof TrainConfig>;

/** The article's diagnostics for one split. mean_approximate_evidence = exp(elbo / 10). */
export const SplitMetrics = z.object({
  accuracy: z.number(),
  elbo: z.number(),
  log_likelihood: z.number(),
  kl_divergence: z.number(),
  mean_approximate_evidence: z.number(),
});
export type SplitMetrics = z.infer<typeof SplitMetrics>;

export const MetricsRecord = z.object({
  step: z.number().int().min(0),
  train: SplitMetrics,
  test: SplitMetrics,
  seconds: z.number().min(0),
});
export type MetricsRecord = z.infer<typeof MetricsRecord>;

export const TrainStatus = z.enum(['starting', 'running', 'paused', 'stopping', 'done', 'stopped', 'failed']);
export type TrainStatus = z.infer<typeof TrainStatus>;

/** What the trainer streams: progress often, metrics at each log interval, a final state. */
export const TrainProgress = z.object({
  runId: z.string(),
  status: TrainStatus,
  step: z.number().int().min(0),
  totalSteps: z.number().int().min(1),
  stepsPerSecond: z.number().min(0),
  etaSeconds: z.number().min(0).nullable(),
  backend: z.string(),
  metrics: MetricsRecord.nullable(),
  modelDir: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type TrainProgress = z.infer<typeof TrainProgress>;

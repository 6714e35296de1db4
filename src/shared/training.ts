// Schemas for what training takes and reports. They cross process boundaries (trainer process,
// IPC, WebSocket, CLI --json), so each is a runtime schema and the types derive from it.
import { z } from 'zod';
import { SampleCount } from './api/limits';

/** How the KL term is scaled: the article's per-tensor sum/first-dim, or the per-example ELBO. */
export const KlNormalisation = z.enum(['article', 'elbo']);
/** How weights are sampled in training: once per batch (the article) or local reparameterisation. */
export const Estimator = z.enum(['weight', 'local']);
export const BackendChoice = z.enum(['auto', 'tensorflow', 'wasm', 'cpu']);
export type KlNormalisation = z.infer<typeof KlNormalisation>;
export type Estimator = z.infer<typeof Estimator>;
export type BackendChoice = z.infer<typeof BackendChoice>;

export const TrainConfig = z
  .object({
    preset: z.string().min(1).max(64).default('custom'),
    hidden: z.array(z.number().int().min(1).max(4096)).min(1).max(8).default([64, 64]),
    beta: z.number().min(0).max(1e3).default(0.001),
    kl: KlNormalisation.default('article'),
    estimator: Estimator.default('local'),
    priorSigma: z.number().positive().max(100).default(1),
    initLogvar: z.number().min(-30).max(5).default(-7),
    learningRate: z.number().positive().max(10).default(0.001),
    /** 'cosine' decays the learning rate to 0 over `steps` (half a cosine); 'constant' keeps it. */
    lrSchedule: z.enum(['constant', 'cosine']).default('constant'),
    batchSize: z.number().int().min(1).max(60000).default(128),
    steps: z.number().int().min(1).max(10_000_000).default(10000),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(0),
    logEvery: z.number().int().min(1).default(1000),
    checkpointEvery: z.number().int().min(1).default(1000),
    evalSamples: SampleCount.default(10),
    trainEvalSize: z.number().int().min(100).max(60000).default(10000),
    /**
     * Outlier exposure: the fraction of each batch replaced by synthetic non-digits whose target is
     * the uniform distribution over the 10 classes (0 = off). Their weight against the digits is
     * λ = f / (1 − f) in Hendrycks et al.'s loss. Half of the remaining digit rows get the
     * outliers' jitter, label kept (src/main/engine/outliers).
     */
    outlierFraction: z.number().min(0).max(0.75).default(0),
  })
  .strict();
export type TrainConfig = z.infer<typeof TrainConfig>;
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

import { z } from 'zod';
import { ScoreName } from './check';
import { SampleCount } from './limits';
import { checkSplitScores, splitScoresFields } from './split-scores';
import { GuaranteeTarget } from '../uncertainty/guarantee';

export const UncertaintyRequest = z.object({
  modelId: z.string().max(128).optional(),
  /** The score to report; the model's calibrated score when absent. */
  score: ScoreName.optional(),
  samples: SampleCount.optional(),
  /** Answer only from scores already computed (`not_cached` otherwise): a view restoring itself. */
  ifCached: z.boolean().optional(),
});
export type UncertaintyRequest = z.input<typeof UncertaintyRequest>;

export const OodMetrics = z.object({ auroc: z.number(), aupr: z.number(), fpr95: z.number() });
export type OodMetrics = z.infer<typeof OodMetrics>;

export const OodSetScores = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['letters', 'noise', 'shapes', 'user', 'other']),
  scores: z.array(z.number()),
  metrics: OodMetrics,
});
export type OodSetScores = z.infer<typeof OodSetScores>;

export const ReliabilityBin = z.object({
  lower: z.number(),
  upper: z.number(),
  confidence: z.number().nullable(),
  accuracy: z.number().nullable(),
  count: z.number().int(),
});

/** Scores of every MNIST image of one split, in the split's order (see split-scores.ts). */
export const SplitScores = z.object(splitScoresFields).superRefine(checkSplitScores);
export type SplitScores = z.infer<typeof SplitScores>;

/** Everything the Uncertainty view draws; the slider's arithmetic then runs in the renderer. */
export const UncertaintyReport = z.object({
  modelId: z.string(),
  score: ScoreName,
  samples: z.number().int(),
  percentile: z.number(),
  threshold: z.number(),
  mnist: SplitScores,
  sets: z.array(OodSetScores),
  calibration: z.object({ ece: z.number(), bins: z.array(ReliabilityBin) }),
});
export type UncertaintyReport = z.infer<typeof UncertaintyReport>;

/** Scores of the 60,000 training digits under the same model, score and samples, for the Data view. */
export const TrainScores = z
  .object({
    ...splitScoresFields,
    modelId: z.string(),
    score: ScoreName,
    samples: z.number().int(),
    threshold: z.number(),
  })
  .superRefine(checkSplitScores);
export type TrainScores = z.infer<typeof TrainScores>;

export const AddOodSetRequest = z.object({
  name: z.string().min(1).max(64),
  files: z
    .array(z.object({ name: z.string().min(1).max(512), dataBase64: z.string() }))
    .min(1)
    .max(2000),
});
export type AddOodSetRequest = z.infer<typeof AddOodSetRequest>;

export const AddOodSetResult = z.object({
  id: z.string(),
  added: z.number().int(),
  failures: z.array(z.object({ file: z.string(), code: z.string(), message: z.string() })),
});

/** Which scoring a progress event or a cancel is about: the report's test set, or the training digits. */
export const ScoringJob = z.enum(['report', 'train']);
export type ScoringJob = z.infer<typeof ScoringJob>;

/** Sent while a split is being scored; `fraction` runs from 0 to 1. */
export const ScoringProgress = z.object({
  job: ScoringJob,
  modelId: z.string(),
  fraction: z.number().min(0).max(1),
});
export type ScoringProgress = z.infer<typeof ScoringProgress>;

export const CancelScoring = z.object({ job: ScoringJob });

/** A user's own OOD set by id ("user-" and its folder's name, nothing that could climb out of it). */
export const OodSetId = z.object({
  id: z.string().regex(/^user-[a-z0-9][a-z0-9-]{0,80}$/, 'not a user set id'),
});

/** A user set's images as the network sees them (28×28, after preparation), in the report's order. */
export const OodSetImages = z.object({
  id: z.string(),
  name: z.string(),
  files: z.array(z.string()),
  /** 784 bytes per image, row-major, 0 = black background, base64. */
  pixelsBase64: z.string(),
});
export type OodSetImages = z.infer<typeof OodSetImages>;

/** A promise the user states ("at most X% accepted wrong", "keep at least Y%") for a model and score. */
export const GuaranteeRequest = UncertaintyRequest.omit({ ifCached: true }).extend({
  target: GuaranteeTarget,
});
export type GuaranteeRequest = z.input<typeof GuaranteeRequest>;

/** What a threshold does on a labelled set of digits (see measureThreshold). */
export const GuaranteeMeasure = z.object({
  count: z.number().int().nonnegative(),
  kept: z.number().min(0).max(1),
  acceptedWrong: z.number().min(0).max(1),
  errorAmongKept: z.number().min(0).max(1).nullable(),
});
export type GuaranteeMeasure = z.infer<typeof GuaranteeMeasure>;

/** The threshold fitted on the calibration split for a promise, and what it does on the test set. */
export const GuaranteeReport = z.object({
  modelId: z.string(),
  score: ScoreName,
  samples: z.number().int(),
  target: GuaranteeTarget,
  threshold: z.number(),
  /** The held-out training digits the threshold was fitted on. */
  calibration: GuaranteeMeasure,
  /** The MNIST test digits: the promise checked on digits the rule never saw. */
  test: GuaranteeMeasure,
  /** The model was trained on the calibration digits: the promise is then optimistic. */
  seenInTraining: z.boolean(),
});
export type GuaranteeReport = z.infer<typeof GuaranteeReport>;

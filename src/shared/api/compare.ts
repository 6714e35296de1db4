// Several models side by side on the same pictures: how each reads the MNIST test digits and how
// each score tells every out-of-distribution set from them, with timings and score histograms.
import { z } from 'zod';
import { ScoreName } from './check';
import { SampleCount } from './limits';

/** Most models one comparison takes. */
export const MAX_COMPARED = 8;
/** Posterior samples per image when none are asked for: enough to rank models, quick to run. */
export const DEFAULT_COMPARE_SAMPLES = 20;

export const CompareRequest = z.object({
  /** Model ids (the built-in one is `default` or its stored id). */
  modelIds: z.array(z.string().min(1).max(128)).min(1).max(MAX_COMPARED),
  /** Posterior samples per test digit and per set image (DEFAULT_COMPARE_SAMPLES when absent). */
  samples: SampleCount.optional(),
});
export type CompareRequest = z.input<typeof CompareRequest>;

const perScore = <T extends z.ZodType>(value: T) =>
  z.object({ std: value, entropy: value, mutual_information: value, max_prob: value });

/** One score against one set: the set is the positive class. */
export const ComparedScore = z.object({
  auroc: z.number(),
  /** Share of the set taken for digits when 95% of it is caught. */
  fpr95: z.number(),
  /** Share of the set refused at the model's calibrated threshold; null when it has none for this score. */
  refused: z.number().nullable(),
  /** Fractions of the set in each bin of `edges[score]`. */
  histogram: z.array(z.number()),
});
export type ComparedScore = z.infer<typeof ComparedScore>;

export const ComparedModel = z.object({
  id: z.string(),
  name: z.string(),
  family: z.string(),
  arch: z.string(),
  members: z.number().int(),
  /** The score its verdicts use by default; null for a model without a calibration. */
  score: ScoreName.nullable(),
  /** Its calibrated threshold per score (absent scores have none). */
  thresholds: perScore(z.number().nullable()),
  /** Seconds of training, from the last record of metrics.json; null without one. */
  trainingSeconds: z.number().nullable(),
  /** Median milliseconds of one single-picture verdict (decode, prepare, all samples), measured now. */
  verdictMs: z.number().nullable(),
  test: z.object({
    count: z.number().int(),
    accuracy: z.number(),
    /** Mean −log of the mean predictive probability of the true class, in nats. */
    nll: z.number(),
    /** Expected calibration error over `eceBins` equal-width confidence bins. */
    ece: z.number(),
    /** Fractions of the test digits in each bin of `edges[score]`. */
    histograms: perScore(z.array(z.number())),
  }),
  /** In the order of the comparison's `sets`. */
  sets: z.array(
    z.object({
      id: z.string(),
      /** Share read right, for a set of labelled digits (the marked ones); null for the others. */
      accuracy: z.number().nullable(),
      scores: perScore(ComparedScore),
    }),
  ),
});
export type ComparedModel = z.infer<typeof ComparedModel>;

export const ModelComparison = z.object({
  samples: z.number().int(),
  /** Samples of each timed verdict (the Check view's default). */
  verdictSamples: z.number().int(),
  eceBins: z.number().int(),
  /** Histogram bin edges per score, the same for every model and set so they overlay. */
  edges: perScore(z.array(z.number())),
  sets: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      /**
       * Shipped reference set, one of the user's sets, a folder named on the command line, or the
       * user's marked pictures (engine/teach): marked digits, where refusing is the error, and
       * marked non-digits.
       */
      kind: z.enum(['shipped', 'user', 'folder', 'marked']),
      /** Digits with their labels (refusing them is the error), not out-of-distribution pictures. */
      labelled: z.boolean(),
      count: z.number().int(),
    }),
  ),
  models: z.array(ComparedModel),
});
export type ModelComparison = z.infer<typeof ModelComparison>;

// The calibration stored with a model: thresholds on the MNIST test set (the article's 99th
// percentile), the operating point they give, and how calibrated the mean probabilities are.

import { z } from 'zod';
import { calibrationReport } from './calibration';
import { RiskCoverage } from './risk-coverage';
import { SCORE_NAMES, scoreValues, type PredictiveSummary, type ScoreName } from './scores';
import { thresholdAtPercentile } from './thresholds';

export const ScoreNameSchema = z.enum(SCORE_NAMES);

const ReliabilityBinSchema = z.object({
  lower: z.number(),
  upper: z.number(),
  count: z.number().int().nonnegative(),
  confidence: z.number().nullable(),
  accuracy: z.number().nullable(),
});

export const UncertaintyCalibrationSchema = z.object({
  /** The score verdicts use by default. */
  score: ScoreNameSchema,
  percentile: z.number().min(0).max(100),
  /** Threshold at `percentile` of each score over the test set (max_prob's is on 1 − max_prob). */
  thresholds: z.object({
    std: z.number(),
    entropy: z.number(),
    mutual_information: z.number(),
    max_prob: z.number(),
  }),
  samples: z.number().int().positive(),
  testCount: z.number().int().nonnegative(),
  testAccuracy: z.number(),
  /** Of the test set, at the default score's threshold. */
  rejectionRate: z.number(),
  keptAccuracy: z.number(),
  ece: z.number(),
  reliability: z.array(ReliabilityBinSchema),
});
export type UncertaintyCalibration = z.infer<typeof UncertaintyCalibrationSchema>;

export interface CalibrateOptions {
  score?: ScoreName;
  percentile?: number;
  bins?: number;
}

/** Calibrates on a labelled in-distribution set (MNIST test) from its predictive summary. */
export function calibrateOnTestSet(
  summary: PredictiveSummary,
  labels: ArrayLike<number>,
  { score = 'std', percentile = 99, bins = 15 }: CalibrateOptions = {},
): UncertaintyCalibration {
  if (labels.length !== summary.count) throw new RangeError('labels and predictions differ in length');
  const correct = Array.from(summary.predicted, (p, i) => p === labels[i]);
  const thresholds = Object.fromEntries(
    SCORE_NAMES.map((name) => [name, thresholdAtPercentile(scoreValues(summary, name), percentile)]),
  ) as Record<ScoreName, number>;
  const coverage = new RiskCoverage(scoreValues(summary, score), correct);
  const point = coverage.at(thresholds[score]);
  const report = calibrationReport(summary.maxProb, correct, bins);
  return {
    score,
    percentile,
    thresholds,
    samples: summary.samples,
    testCount: summary.count,
    testAccuracy: coverage.baseAccuracy,
    rejectionRate: point.rejectionRate,
    keptAccuracy: point.accuracy,
    ece: report.ece,
    reliability: report.bins,
  };
}

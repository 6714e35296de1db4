// The figures a model is judged by, from predictive summaries alone: how it reads the labelled test
// digits (accuracy, NLL, ECE) and how well each uncertainty score tells a set of non-digits from them.
// Pure functions over typed arrays: the caller decides where the summaries come from.
import { calibrationThreshold, type Calibration } from '../../../shared/model';
import { calibrationReport } from '../../../shared/uncertainty/calibration';
import { oodMetrics } from '../../../shared/uncertainty/ood-metrics';
import {
  SCORE_NAMES,
  scoreValues,
  type PredictiveSummary,
  type ScoreName,
} from '../../../shared/uncertainty/scores';
import { rejectionRate } from '../../../shared/uncertainty/thresholds';

/** Equal-width confidence bins of the ECE: 15, as Guo et al. (2017) and the stored calibration use. */
export const ECE_BINS = 15;

/**
 * Floor on the true class's probability in the NLL. Float32 mean probabilities underflow to 0 for a
 * confidently wrong answer; one such digit would make the mean Infinity and hide every other figure.
 */
export const NLL_FLOOR = 1e-12;

/** How a model reads the labelled test set. */
export interface TestMetrics {
  count: number;
  /** Share of the test set whose arg-max of the mean probabilities is the label. */
  accuracy: number;
  /** Mean of −log(mean predictive probability of the true class), in nats (probabilities floored at NLL_FLOOR). */
  nll: number;
  /** Expected calibration error of the top-class confidence over ECE_BINS equal-width bins. */
  ece: number;
}

/** One score against one out-of-distribution set (the set is the positive class). */
export interface ScoreSetMetrics {
  auroc: number;
  aupr: number;
  /** Share of the set taken for digits when 95% of it is caught. */
  fpr95: number;
  /** Share of the set refused at the model's threshold for this score; null without a threshold. */
  rejected: number | null;
}

export type ScoreMetrics = Record<ScoreName, ScoreSetMetrics>;
/** A threshold per score (a model's calibration); a score without one gets `rejected: null`. */
export type Thresholds = Partial<Record<ScoreName, number>>;

/** Mean negative log of the mean predictive probability of each example's true class. */
export function negativeLogLikelihood(summary: PredictiveSummary, labels: ArrayLike<number>): number {
  if (labels.length !== summary.count) throw new RangeError('labels and predictions differ in length');
  let sum = 0;
  for (let i = 0; i < summary.count; i++) {
    const p = summary.meanProbs[i * summary.classes + labels[i]!]!;
    sum -= Math.log(Math.max(NLL_FLOOR, p));
  }
  return summary.count === 0 ? Number.NaN : sum / summary.count;
}

/** Accuracy, NLL and ECE of a summary against its labels. */
export function testMetrics(summary: PredictiveSummary, labels: ArrayLike<number>): TestMetrics {
  if (labels.length !== summary.count) throw new RangeError('labels and predictions differ in length');
  const correct = Array.from(summary.predicted, (p, i) => p === labels[i]);
  const right = correct.reduce((n, c) => n + (c ? 1 : 0), 0);
  return {
    count: summary.count,
    accuracy: summary.count === 0 ? Number.NaN : right / summary.count,
    nll: negativeLogLikelihood(summary, labels),
    ece: calibrationReport(summary.maxProb, correct, ECE_BINS).ece,
  };
}

/** Every score's metrics for one OOD set against the test set; with every threshold, every `rejected` is a number. */
export function scoreMetrics(
  test: PredictiveSummary,
  set: PredictiveSummary,
  thresholds: Record<ScoreName, number>,
): Record<ScoreName, ScoreSetMetrics & { rejected: number }>;
export function scoreMetrics(
  test: PredictiveSummary,
  set: PredictiveSummary,
  thresholds?: Thresholds,
): ScoreMetrics;
export function scoreMetrics(
  test: PredictiveSummary,
  set: PredictiveSummary,
  thresholds: Thresholds = {},
): ScoreMetrics {
  const entries = SCORE_NAMES.map((name) => {
    const ood = scoreValues(set, name);
    const { auroc, aupr, fpr95 } = oodMetrics(scoreValues(test, name), ood);
    const threshold = thresholds[name];
    const rejected = threshold === undefined ? null : rejectionRate(ood, threshold);
    return [name, { auroc, aupr, fpr95, rejected }];
  });
  return Object.fromEntries(entries) as ScoreMetrics;
}

/** The thresholds a model's calibration holds, per score; none for an uncalibrated model. */
export function modelThresholds(calibration: Calibration | null): Thresholds {
  const entries = SCORE_NAMES.flatMap((name) => {
    const value = calibrationThreshold(calibration, name);
    return value === null ? [] : [[name, value] as const];
  });
  return Object.fromEntries(entries);
}

// The one evaluation loop behind calibration, the Uncertainty view, `unsure eval` and `unsure compare`:
// the labelled test set and each out-of-distribution set are summarised by the caller's function (S
// posterior samples in this process, or on the scoring worker), then measured by metrics.ts. What a
// model is and how it samples stays the summariser's business, so every model family plugs in here.
import type { PredictiveSummary } from '../../../shared/uncertainty/scores';
import { scoreMetrics, testMetrics, type ScoreMetrics, type TestMetrics, type Thresholds } from './metrics';

/** Summarises one source of pixel rows (pixels themselves, or a reference the summariser can read). */
export type Summarise<S> = (source: S) => Promise<PredictiveSummary>;

/**
 * A set to measure against the test digits, and where its pixels come from. Most are
 * out-of-distribution; a set with `labels` holds digits (the user's marked ones), where what counts
 * is whether they are read right and accepted.
 */
export interface EvalSet<S> {
  id: string;
  name: string;
  source: S;
  labels?: ArrayLike<number>;
}

/** A set with its summary already computed. */
export interface SummarisedSet {
  id: string;
  name: string;
  summary: PredictiveSummary;
  labels?: ArrayLike<number>;
}

/** The thresholds refusals are counted at, fixed or set on the test set's summary (as calibration does). */
export type ThresholdsFor = Thresholds | ((test: PredictiveSummary) => Thresholds);

export interface EvalPlan<S> {
  test: S;
  /** The test set's labels, in its order. */
  labels: ArrayLike<number>;
  sets: readonly EvalSet<S>[];
  thresholds: ThresholdsFor;
}

export interface SetEvaluation extends SummarisedSet {
  count: number;
  scores: ScoreMetrics;
  /** Share of a labelled set read right; null for a set without labels. */
  accuracy: number | null;
}

export interface Evaluation {
  test: TestMetrics;
  testSummary: PredictiveSummary;
  thresholds: Thresholds;
  sets: SetEvaluation[];
}

/** Summarises the test set, then each set in turn, and measures them. */
export async function evaluate<S>(summarise: Summarise<S>, plan: EvalPlan<S>): Promise<Evaluation> {
  const test = await summarise(plan.test);
  const sets: SummarisedSet[] = [];
  for (const set of plan.sets)
    sets.push({ id: set.id, name: set.name, labels: set.labels, summary: await summarise(set.source) });
  return evaluateSummaries(test, plan.labels, sets, plan.thresholds);
}

/** Measures summaries computed elsewhere; one set per turn of the event loop, so requests keep being answered. */
export async function evaluateSummaries(
  test: PredictiveSummary,
  labels: ArrayLike<number>,
  sets: readonly SummarisedSet[],
  thresholdsFor: ThresholdsFor,
): Promise<Evaluation> {
  const thresholds = typeof thresholdsFor === 'function' ? thresholdsFor(test) : thresholdsFor;
  const measured: SetEvaluation[] = [];
  for (const set of sets) {
    await new Promise((resolve) => setImmediate(resolve));
    measured.push({
      ...set,
      count: set.summary.count,
      scores: scoreMetrics(test, set.summary, thresholds),
      accuracy: set.labels ? testMetrics(set.summary, set.labels).accuracy : null,
    });
  }
  return { test: testMetrics(test, labels), testSummary: test, thresholds, sets: measured };
}

// Models side by side (`unsure compare`, the compareModels channel): each model goes through the one
// evaluation loop on the same test digits and sets, then gets its training time, a verdict latency
// measured now, and score histograms on bins shared by every model so they can be overlaid.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ComparedModel, ModelComparison } from '../../../shared/api/compare';
import { MNIST_SHAPE } from '../../../shared/data-shape';
import { sharedHistogram } from '../../../shared/uncertainty/histogram';
import {
  SCORE_NAMES,
  scoreRange,
  scoreValues,
  type PredictiveSummary,
  type ScoreName,
} from '../../../shared/uncertainty/scores';
import { percentileOfSorted, sortedCopy } from '../../../shared/uncertainty/thresholds';
import type { BackendChoice } from '../../../shared/training';
import type { LoadedModel } from '../store';
import { judgeImages } from '../verdicts';
import { evaluate, type EvalSet, type Evaluation, type Summarise } from './evaluate';
import { ECE_BINS, modelThresholds } from './metrics';

/** Histogram bins per score. */
export const COMPARE_BINS = 30;
/** Samples of each timed verdict: the Check view's and `unsure check`'s default. */
export const VERDICT_SAMPLES = 100;
/** Pictures timed per model, after one untimed verdict that warms the backend. */
export const TIMED_VERDICTS = 3;

type SetKind = ModelComparison['sets'][number]['kind'];

export type CompareSet<S> = EvalSet<S> & { kind: SetKind };

export interface ComparePlan<S> {
  test: S;
  labels: ArrayLike<number>;
  sets: readonly CompareSet<S>[];
  samples: number;
  /** The summariser of each model (in this process, or on the scoring worker). */
  summariserFor(model: LoadedModel): Summarise<S>;
  /** Picture files whose single verdicts are timed (the shipped photographed digits). */
  verdictPictures: readonly string[];
  backend?: BackendChoice;
  /** Milliseconds clock, for tests. */
  now?: () => number;
}

/** Every model evaluated on the same sets, one after the other. */
export async function compareModels<S>(
  models: readonly LoadedModel[],
  plan: ComparePlan<S>,
): Promise<ModelComparison> {
  const compared: ComparedModel[] = [];
  let counts: number[] = [];
  for (const model of models) {
    const evaluation = await evaluate(plan.summariserFor(model), {
      test: plan.test,
      labels: plan.labels,
      sets: plan.sets,
      thresholds: modelThresholds(model.meta.calibration),
    });
    counts = evaluation.sets.map((s) => s.count);
    const verdictMs = await verdictLatency(model, plan);
    compared.push(comparedModel(model, evaluation, verdictMs));
  }
  return {
    samples: plan.samples,
    verdictSamples: VERDICT_SAMPLES,
    eceBins: ECE_BINS,
    edges: perScore((name) => histogramOf(name, [])[0]),
    sets: plan.sets.map((s, i) => ({
      id: s.id,
      name: s.name,
      kind: s.kind,
      labelled: s.labels !== undefined,
      count: counts[i] ?? 0,
    })),
    models: compared,
  };
}

function perScore<T>(value: (name: ScoreName) => T): Record<ScoreName, T> {
  return Object.fromEntries(SCORE_NAMES.map((name) => [name, value(name)])) as Record<ScoreName, T>;
}

/** Bin edges of a score and the fractions of each summary in them, over the score's whole range. */
function histogramOf(name: ScoreName, summaries: readonly PredictiveSummary[]): [number[], number[][]] {
  const sets = summaries.map((s, i) => ({ name: String(i), values: scoreValues(s, name) }));
  const h = sharedHistogram(sets, COMPARE_BINS, scoreRange(name, MNIST_SHAPE.classes));
  return [h.edges, h.sets.map((s) => s.fractions)];
}

function comparedModel(model: LoadedModel, evaluation: Evaluation, verdictMs: number | null): ComparedModel {
  const { meta } = model;
  const summaries = [evaluation.testSummary, ...evaluation.sets.map((s) => s.summary)];
  const histograms = perScore((name) => histogramOf(name, summaries)[1]);
  return {
    id: meta.id,
    name: meta.name,
    family: meta.config.family,
    arch: meta.config.arch,
    members: meta.config.members,
    score: meta.calibration?.score ?? null,
    thresholds: perScore((name) => evaluation.thresholds[name] ?? null),
    trainingSeconds: model.metrics.at(-1)?.seconds ?? null,
    verdictMs,
    test: { ...evaluation.test, histograms: perScore((name) => histograms[name][0]!) },
    sets: evaluation.sets.map((set, i) => ({
      id: set.id,
      accuracy: set.accuracy,
      scores: perScore((name) => {
        const { auroc, fpr95, rejected } = set.scores[name];
        return { auroc, fpr95, refused: rejected, histogram: histograms[name][i + 1]! };
      }),
    })),
  };
}

/** Median milliseconds of one picture's verdict; null for a model without a threshold or no pictures. */
export async function verdictLatency(
  model: LoadedModel,
  plan: Pick<ComparePlan<unknown>, 'verdictPictures' | 'backend' | 'now'>,
): Promise<number | null> {
  const score = model.meta.calibration?.score;
  const pictures = plan.verdictPictures.slice(0, TIMED_VERDICTS + 1);
  if (!score || pictures.length < 2) return null;
  const now = plan.now ?? (() => performance.now());
  const times: number[] = [];
  for (const [i, file] of pictures.entries()) {
    const started = now();
    await judgeImages(model, [{ name: file, input: file }], {
      samples: VERDICT_SAMPLES,
      score,
      backend: plan.backend,
    });
    if (i > 0) times.push(now() - started);
    // Between verdicts the event loop answers other requests.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return percentileOfSorted(sortedCopy(times), 50);
}

/** The first pictures of a folder (sorted by name), for timing verdicts; none when it is missing. */
export async function verdictPictures(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names
    .filter((n) => !n.startsWith('.'))
    .sort()
    .slice(0, TIMED_VERDICTS + 1)
    .map((n) => path.join(dir, n));
}

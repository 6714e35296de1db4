// Calibration of a trained posterior, stored in model.json so verdicts can be given at once:
// thresholds at a percentile of every score over the MNIST test set (the article's 99th), ECE and
// reliability data, and AUROC/AUPR/FPR95 of every score against each shipped out-of-distribution set.
import type * as TF from '@tensorflow/tfjs';
import type { Calibration } from '../../../shared/model';
import type { BackendChoice } from '../../../shared/training';
import {
  SCORE_NAMES,
  calibrateOnTestSet,
  type ScoreName,
  type UncertaintyCalibration,
} from '../../../shared/uncertainty';
import { splitRows } from '../data/dataset';
import type { Dataset } from '../datasets/dataset';
import { mnistDataset } from '../datasets/mnist';
import { calibrateOutcomes, type StoredOutcomeCalibration } from '../outcomes/calibrate';
import { evaluate, type ScoreMetrics } from '../evaluate';
import type { OodSet } from '../ood/sets';
import type { LoadedModel } from '../store';
import { summarisePosterior } from '../verdicts';
import { DEFAULT_SAMPLES } from '../../../shared/api/limits';

/** The sets whose AUROC picks the default score: letters are the hard case (DESIGN.md). */
export const SCORE_CHOICE_SETS = ['letters', 'letters-lower'];

export interface CalibrateOptions {
  /** Posterior samples S (default 100). */
  samples?: number;
  /** Percentile of the test-set scores used as threshold (default 99). */
  percentile?: number;
  /** The verdict score, or 'auto': the best mean AUROC over SCORE_CHOICE_SETS (default). */
  score?: ScoreName | 'auto';
  backend?: BackendChoice;
  /** The model's dataset, whose test split sets the thresholds (default MNIST). */
  dataset?: Dataset;
}

/** One score against one OOD set: the usual metrics plus the share of the set the threshold rejects. */
export type ScoreOodMetrics = {
  auroc: number;
  aupr: number;
  fpr95: number;
  rejected: number;
};

/** One OOD set: the chosen score's metrics at top level (what model summaries read), all four below. */
export interface OodSetCalibration extends ScoreOodMetrics {
  name: string;
  count: number;
  scores: Record<ScoreName, ScoreOodMetrics>;
}

/** What is stored in model.json `calibration` (a superset of the shared Calibration schema). */
export type ModelCalibration = Calibration &
  UncertaintyCalibration & {
    threshold: number;
    scoreChoice: 'auto' | 'fixed';
    ood: Record<string, OodSetCalibration>;
    /** The outcome rule's conformal quantile and "not a digit" limit, fitted on the calibration split. */
    outcomes: StoredOutcomeCalibration;
    backend: string;
    seconds: number;
  };

/** Calibration sets a threshold for every score, so every share refused is a number. */
function withRejected(scores: ScoreMetrics): Record<ScoreName, ScoreOodMetrics> {
  const entries = SCORE_NAMES.map((name) => {
    const { rejected, ...rest } = scores[name];
    if (rejected === null) throw new Error(`no threshold for ${name}`);
    return [name, { ...rest, rejected }];
  });
  return Object.fromEntries(entries) as Record<ScoreName, ScoreOodMetrics>;
}

/**
 * The score with the best mean AUROC over the letter sets present. Without them: entropy, the best or
 * tied best on letters in every measurement here (article and robust presets), and the one outlier
 * exposure trains (the article's std falls on noise after it: a confident uniform has no spread).
 */
export function chooseScore(perSet: Record<string, Record<ScoreName, ScoreOodMetrics>>): ScoreName {
  const sets = SCORE_CHOICE_SETS.filter((id) => perSet[id]);
  if (sets.length === 0) return 'entropy';
  const mean = (name: ScoreName) => sets.reduce((sum, id) => sum + perSet[id]![name].auroc, 0) / sets.length;
  return SCORE_NAMES.reduce((best, name) => (mean(name) > mean(best) ? name : best), 'entropy' as ScoreName);
}

/** Calibrates a posterior on its dataset's test set (MNIST's by default) and measures it against `oodSets`. */
export async function calibratePosterior(
  tf: typeof TF,
  backend: string,
  model: LoadedModel,
  oodSets: readonly OodSet[],
  options: CalibrateOptions = {},
): Promise<ModelCalibration> {
  const started = performance.now();
  const samples = options.samples ?? DEFAULT_SAMPLES;
  const percentile = options.percentile ?? 99;
  const dataset = options.dataset ?? mnistDataset;
  const testSplit = dataset.split('test');
  const { pixels, labels } = splitRows(dataset, 'test', 0, testSplit.count);
  // Verdicts sample the same way (same seed), so thresholds and verdicts agree.
  const evaluation = await evaluate((rows: Float32Array) => summarisePosterior(tf, model, rows, samples), {
    test: pixels,
    labels,
    sets: oodSets.map((set) => ({ id: set.id, name: set.name, source: set.pixels })),
    thresholds: (test) => calibrateOnTestSet(test, labels, { percentile }).thresholds,
  });
  const test = evaluation.testSummary;
  const perSet: Record<string, Record<ScoreName, ScoreOodMetrics>> = Object.fromEntries(
    evaluation.sets.map((set) => [set.id, withRejected(set.scores)]),
  );
  const wanted = options.score ?? 'auto';
  const score = wanted === 'auto' ? chooseScore(perSet) : wanted;
  // The operating point (rejection rate, kept accuracy) is the chosen score's.
  const chosen = calibrateOnTestSet(test, labels, { percentile, score });
  const ood = Object.fromEntries(
    oodSets.map((set) => {
      const scores = perSet[set.id]!;
      return [set.id, { name: set.name, count: set.count, ...scores[score], scores }];
    }),
  );
  return {
    ...chosen,
    threshold: chosen.thresholds[score],
    scoreChoice: wanted === 'auto' ? 'auto' : 'fixed',
    ood,
    outcomes: await calibrateOutcomes(tf, model, oodSets, samples, dataset),
    backend,
    seconds: (performance.now() - started) / 1000,
  };
}

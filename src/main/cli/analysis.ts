// The engine work behind `unsure check` and `unsure eval`: images prepared as MNIST was, S posterior
// samples, the four scores, the model's threshold, and OOD metrics against the MNIST test set.
import { RiskCoverage } from '../../shared/uncertainty/risk-coverage';
import { SCORE_NAMES, scoreValues, type ScoreName } from '../../shared/uncertainty/scores';
import { loadBackend } from '../engine/backend';
import { loadMnistPixels, loadMnistRaw } from '../engine/data/mnist';
import {
  evaluate,
  loadFolderSet,
  modelThresholds,
  type Evaluation,
  type ScoreMetrics,
} from '../engine/evaluate';
import type { OodSet } from '../engine/ood/sets';
import type { LoadedModel } from '../engine/store';
import { judgeImages, modelThreshold, summarisePosterior } from '../engine/verdicts';
import { readImages } from '../engine/read';
import type { CheckOptions, EvalOptions, EvalReport, ReadOptions } from './services';

/** Judges each file and reports a line per file, in order. */
export async function checkFiles(model: LoadedModel, files: string[], options: CheckOptions): Promise<void> {
  const results = await judgeImages(
    model,
    files.map((file) => ({ name: file, input: file })),
    options,
  );
  for (const result of results) {
    if (result.ok) {
      const { seenPng: _seen, ...line } = result;
      options.onResult(line);
    } else {
      options.onResult(result);
    }
  }
}

/** Reads each file as a number and reports a line per file, in order. */
export async function readFiles(model: LoadedModel, files: string[], options: ReadOptions): Promise<void> {
  const results = await readImages(
    model,
    files.map((file) => ({ name: file, input: file })),
    options,
  );
  for (const result of results) {
    if (!result.ok) options.onResult(result);
    else options.onResult({ ...result, digits: result.digits.map(({ seenPng: _seen, ...digit }) => digit) });
  }
}

/** Test-set accuracy, NLL and calibration, the threshold's operating point, and metrics for each OOD folder. */
export async function evaluateModel(model: LoadedModel, options: EvalOptions): Promise<EvalReport> {
  const loaded = await loadBackend(options.backend);
  const folders: { dir: string; set: OodSet; skipped: number }[] = [];
  for (const dir of options.oodDirs) folders.push({ dir, ...(await loadFolderSet(dir)) });
  const evaluation = await evaluate(
    (rows: Float32Array) => summarisePosterior(loaded.tf, model, rows, options.samples),
    {
      test: loadMnistPixels('test'),
      labels: loadMnistRaw('test').labels,
      sets: folders.map(({ dir, set }) => ({ id: dir, name: set.name, source: set.pixels })),
      thresholds: modelThresholds(model.meta.calibration),
    },
  );
  return {
    samples: options.samples,
    backend: loaded.backend,
    test: evaluation.test,
    threshold: operatingPoint(model, evaluation),
    ood: evaluation.sets.map((set, i) => ({
      dir: set.id,
      count: set.count,
      skipped: folders[i]!.skipped,
      metrics: mapScores(set.scores, ({ auroc, aupr, fpr95 }) => ({ auroc, aupr, fpr95 })),
    })),
  };
}

/** The rejection operating point on the test set at the model's threshold, when it has a calibration. */
function operatingPoint(model: LoadedModel, evaluation: Evaluation): EvalReport['threshold'] {
  const calibration = model.meta.calibration;
  if (!calibration) return null;
  const test = evaluation.testSummary;
  const labels = loadMnistRaw('test').labels;
  const correct = Array.from(test.predicted, (p, i) => p === labels[i]);
  const value = modelThreshold(model, calibration.score);
  const point = new RiskCoverage(scoreValues(test, calibration.score), correct).at(value);
  return {
    score: calibration.score,
    value,
    rejectionRate: point.rejectionRate,
    keptAccuracy: point.accuracy,
  };
}

function mapScores<T>(scores: ScoreMetrics, pick: (m: ScoreMetrics[ScoreName]) => T): Record<ScoreName, T> {
  return Object.fromEntries(SCORE_NAMES.map((name) => [name, pick(scores[name])])) as Record<ScoreName, T>;
}

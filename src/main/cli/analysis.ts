// The engine work behind `unsure check` and `unsure eval`: images prepared by the model's dataset's
// rule, S posterior samples, the four scores, the model's threshold, and OOD metrics against the test
// split of the model's dataset (MNIST's for MNIST models), its guarantees fitted on its held-out rows.
import { RiskCoverage } from '../../shared/uncertainty/risk-coverage';
import { SCORE_NAMES, scoreValues, type ScoreName } from '../../shared/uncertainty/scores';
import { loadBackend } from '../engine/backend';
import { splitRows } from '../engine/data/dataset';
import { datasetOfModel, datasetResolver } from '../engine/datasets/resolve';
import type { Dataset } from '../engine/datasets/dataset';
import { otherDatasets, datasetAsSet } from '../engine/ood/reference-sets';
import { modelPictureRule } from '../engine/verdicts';
import { modelDataset } from '../../shared/model';
import {
  calibrationSeenInTraining,
  calibrationSplit,
  evaluate,
  fitGuarantee,
  loadFolderSet,
  modelThresholds,
  type Evaluation,
  type ScoreMetrics,
} from '../engine/evaluate';
import type { OodSet } from '../engine/ood/sets';
import type { LoadedModel } from '../engine/store';
import { judgeImages, modelThreshold, summarisePosterior } from '../engine/verdicts';
import type { GuaranteeTarget } from '../../shared/uncertainty/guarantee';
import type { PredictiveSummary } from '../../shared/uncertainty/scores';
import { readImages } from '../engine/read';
import type {
  CheckOptions,
  EvalOptions,
  EvalReport,
  GuaranteeFitReport,
  GuaranteeOptions,
  ReadOptions,
} from './services';

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

/** The dataset `model` was trained on, found by name in the data folder (MNIST's without one). */
function datasetOf(model: LoadedModel, dataRoot: string | undefined): Promise<Dataset> {
  return datasetOfModel(datasetResolver(dataRoot), modelDataset(model.meta));
}

/**
 * Test-set accuracy, NLL and calibration, the threshold's operating point, and metrics for each OOD
 * folder and each other dataset of the data folder (its held-out rows; ood/reference-sets.ts).
 */
export async function evaluateModel(model: LoadedModel, options: EvalOptions): Promise<EvalReport> {
  const loaded = await loadBackend(options.backend);
  const dataset = await datasetOf(model, options.dataRoot);
  const folders: { dir: string; set: OodSet; skipped: number }[] = [];
  const rule = modelPictureRule(model);
  for (const dir of options.oodDirs) folders.push({ dir, ...(await loadFolderSet(dir, rule)) });
  const { shape } = dataset.manifest;
  for (const other of await otherDatasets(options.dataRoot, dataset.manifest.name)) {
    const set = datasetAsSet(other, shape);
    folders.push({ dir: set.id, set, skipped: 0 });
  }
  const test = splitRows(dataset, 'test', 0, dataset.split('test').count);
  const evaluation = await evaluate(
    (rows: Float32Array) => summarisePosterior(loaded.tf, model, rows, options.samples),
    {
      test: test.pixels,
      labels: test.labels,
      sets: folders.map(({ dir, set }) => ({ id: dir, name: set.name, source: set.pixels })),
      thresholds: modelThresholds(model.meta.calibration),
    },
  );
  const at = (score: ScoreName, value: number) => pointAt(evaluation, test.labels, score, value);
  const asked = options.guarantee;
  const fitted =
    asked &&
    (await guaranteeHere(
      model,
      asked.target,
      { ...options, score: asked.score },
      evaluation.testSummary,
      dataset,
    ));
  const guarantee = fitted && { ...fitted, test: fitted.test! };
  return {
    samples: options.samples,
    backend: loaded.backend,
    test: evaluation.test,
    threshold: guarantee ? at(guarantee.score, guarantee.threshold) : operatingPoint(model, at),
    ...(guarantee ? { guarantee } : {}),
    ood: evaluation.sets.map((set, i) => ({
      dir: set.id,
      count: set.count,
      skipped: folders[i]!.skipped,
      metrics: mapScores(set.scores, ({ auroc, aupr, fpr95 }) => ({ auroc, aupr, fpr95 })),
    })),
  };
}

/** The rejection operating point on the test set at the model's threshold, when it has a calibration. */
function operatingPoint(
  model: LoadedModel,
  at: (score: ScoreName, value: number) => EvalReport['threshold'],
): EvalReport['threshold'] {
  const calibration = model.meta.calibration;
  if (!calibration) return null;
  return at(calibration.score, modelThreshold(model, calibration.score));
}

/** The rejection operating point on the test set (its `labels`) of `score` at `value`. */
function pointAt(
  evaluation: Evaluation,
  labels: Uint8Array,
  score: ScoreName,
  value: number,
): EvalReport['threshold'] {
  const test = evaluation.testSummary;
  const correct = Array.from(test.predicted, (p, i) => p === labels[i]);
  const point = new RiskCoverage(scoreValues(test, score), correct).at(value);
  return { score, value, rejectionRate: point.rejectionRate, keptAccuracy: point.accuracy };
}

/**
 * The threshold `target` asks for on `score`, fitted on the calibration split (the held-out training
 * digits), with what it does there and, when a test summary is given, on the test set.
 */
async function guaranteeHere(
  model: LoadedModel,
  target: GuaranteeTarget,
  { samples, score, backend, dataRoot }: GuaranteeOptions,
  test: PredictiveSummary | null,
  known?: Dataset,
) {
  const { tf } = await loadBackend(backend);
  const dataset = known ?? (await datasetOf(model, dataRoot));
  const split = calibrationSplit(dataset);
  const summary = await summarisePosterior(tf, model, split.pixels, samples);
  const labelled = test && { summary: test, labels: dataset.split('test').labels };
  const fit = fitGuarantee(target, score, { summary, labels: split.labels }, labelled);
  return {
    modelId: model.meta.id,
    score,
    samples,
    target,
    threshold: fit.threshold,
    calibration: fit.calibration,
    seenInTraining: calibrationSeenInTraining(model.meta.config, modelDataset(model.meta)),
    test: fit.test,
  };
}

/** The threshold a promise asks for, fitted on the calibration split (no test digit scored). */
export async function fitGuaranteeHere(
  model: LoadedModel,
  target: GuaranteeTarget,
  options: GuaranteeOptions,
): Promise<GuaranteeFitReport> {
  return { ...(await guaranteeHere(model, target, options, null)), test: null };
}

function mapScores<T>(scores: ScoreMetrics, pick: (m: ScoreMetrics[ScoreName]) => T): Record<ScoreName, T> {
  return Object.fromEntries(SCORE_NAMES.map((name) => [name, pick(scores[name])])) as Record<ScoreName, T>;
}

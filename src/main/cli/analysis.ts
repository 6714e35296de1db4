// The engine work behind `unsure check` and `unsure eval`: images prepared as MNIST was, S posterior
// samples, the four scores, the model's threshold, and OOD metrics against the MNIST test set.
import fs from 'node:fs/promises';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { CodedError } from '../../shared/result';
import { SCORE_NAMES, scoreValues, type PredictiveSummary } from '../../shared/uncertainty/scores';
import { oodMetrics } from '../../shared/uncertainty/ood-metrics';
import { RiskCoverage } from '../../shared/uncertainty/risk-coverage';
import { calibrationReport } from '../../shared/uncertainty/calibration';
import { loadBackend } from '../engine/backend';
import { loadMnistPixels, loadMnistRaw } from '../engine/data/mnist';
import { prepareImages } from '../engine/image/prepare';
import type { LoadedModel } from '../engine/store';
import { judgeImages, modelThreshold, summarisePosterior } from '../engine/verdicts';
import type { CheckOptions, EvalOptions, EvalReport, OodSetReport } from './services';

const PIXELS = 784;

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

async function imageFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    throw new CodedError('not_found', `cannot read the folder ${dir}`);
  }
  return entries
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => path.join(dir, e.name))
    .sort();
}

async function oodSet(
  tf: typeof TF,
  model: LoadedModel,
  dir: string,
  samples: number,
  test: PredictiveSummary,
): Promise<OodSetReport> {
  const prepared = await prepareImages(await imageFiles(dir));
  const images = prepared.flatMap((r) => (r.ok ? [r.value.pixels] : []));
  if (images.length === 0) throw new CodedError('ood_empty', `no readable images in ${dir}`);
  const inputs = new Float32Array(images.length * PIXELS);
  images.forEach((pixels, i) => inputs.set(pixels, i * PIXELS));
  const summary = await summarisePosterior(tf, model, inputs, samples);
  const metrics = Object.fromEntries(
    SCORE_NAMES.map((name) => {
      const m = oodMetrics(scoreValues(test, name), scoreValues(summary, name));
      return [name, { auroc: m.auroc, aupr: m.aupr, fpr95: m.fpr95 }];
    }),
  ) as OodSetReport['metrics'];
  return { dir, count: images.length, skipped: prepared.length - images.length, metrics };
}

/** Test-set accuracy and calibration, the threshold's operating point, and metrics for each OOD folder. */
export async function evaluateModel(model: LoadedModel, options: EvalOptions): Promise<EvalReport> {
  const loaded = await loadBackend(options.backend);
  const labels = loadMnistRaw('test').labels;
  const test = await summarisePosterior(loaded.tf, model, loadMnistPixels('test'), options.samples);
  const correct = Array.from(test.predicted, (p, i) => p === labels[i]);
  const accuracy = correct.filter(Boolean).length / correct.length;
  const calibration = model.meta.calibration;
  let threshold: EvalReport['threshold'] = null;
  if (calibration) {
    const value = modelThreshold(model, calibration.score);
    const point = new RiskCoverage(scoreValues(test, calibration.score), correct).at(value);
    threshold = {
      score: calibration.score,
      value,
      rejectionRate: point.rejectionRate,
      keptAccuracy: point.accuracy,
    };
  }
  const ood: OodSetReport[] = [];
  for (const dir of options.oodDirs) ood.push(await oodSet(loaded.tf, model, dir, options.samples, test));
  return {
    samples: options.samples,
    backend: loaded.backend,
    test: { count: correct.length, accuracy, ece: calibrationReport(test.maxProb, correct).ece },
    threshold,
    ood,
  };
}

// The engine work behind `unsure check` and `unsure eval`: images prepared as MNIST was, S posterior
// samples, the four scores, the model's threshold, and OOD metrics against the MNIST test set.
import fs from 'node:fs/promises';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { CodedError } from '../../shared/result';
import { calibrationThreshold, type UncertaintyScoreName } from '../../shared/model';
import {
  SCORE_NAMES,
  exampleScores,
  orientedScore,
  scoreValues,
  type PredictiveSummary,
} from '../../shared/uncertainty/scores';
import { isRejected } from '../../shared/uncertainty/thresholds';
import { oodMetrics } from '../../shared/uncertainty/ood-metrics';
import { RiskCoverage } from '../../shared/uncertainty/risk-coverage';
import { calibrationReport } from '../../shared/uncertainty/calibration';
import { loadBackend } from '../engine/backend';
import { fromNamedTensors, uploadPosterior } from '../engine/bnn/posterior';
import { posteriorSampler } from '../engine/bnn/predict';
import { loadMnistPixels, loadMnistRaw } from '../engine/data/mnist';
import { prepareImages } from '../engine/image/prepare';
import { predictWithUncertainty } from '../engine/uncertainty/predict';
import type { LoadedModel } from '../engine/store';
import type { CheckLine, CheckOptions, EvalOptions, EvalReport, OodSetReport } from './services';

/** Verdicts are reproducible: the same posterior samples for the same model and inputs. */
const SAMPLING_SEED = 0;
const PIXELS = 784;

async function summarise(
  tf: typeof TF,
  model: LoadedModel,
  inputs: Float32Array,
  samples: number,
): Promise<PredictiveSummary> {
  const posterior = uploadPosterior(tf, fromNamedTensors(model.meta.config.hidden, model.posterior));
  try {
    const sampler = posteriorSampler(tf, posterior, SAMPLING_SEED);
    return await predictWithUncertainty(tf, (x) => sampler.sampleLogits(x), inputs, { samples });
  } finally {
    posterior.dispose();
  }
}

function modelThreshold(model: LoadedModel, score: UncertaintyScoreName): number {
  const threshold = calibrationThreshold(model.meta.calibration, score);
  if (threshold === null)
    throw new CodedError('model_invalid', `model ${model.meta.id} has no threshold for ${score}`);
  return threshold;
}

/** Prepares each file, samples the posterior once for all readable ones, reports a line per file in order. */
export async function checkFiles(model: LoadedModel, files: string[], options: CheckOptions): Promise<void> {
  const threshold = modelThreshold(model, options.score);
  const { tf } = await loadBackend(options.backend);
  const prepared = await prepareImages(files);
  const readable = prepared.flatMap((r, i) => (r.ok ? [i] : []));
  const inputs = new Float32Array(readable.length * PIXELS);
  readable.forEach((fileIndex, row) => {
    const image = prepared[fileIndex]!;
    if (image.ok) inputs.set(image.value.pixels, row * PIXELS);
  });
  const summary = readable.length > 0 ? await summarise(tf, model, inputs, options.samples) : null;
  let row = 0;
  prepared.forEach((result, i) => {
    const file = files[i]!;
    if (!result.ok || !summary) {
      options.onResult({
        file,
        ok: false,
        error: result.ok ? { code: 'internal', message: 'no prediction' } : result.error,
      });
      return;
    }
    const scores = exampleScores(summary, row);
    const score = orientedScore(scores, options.score);
    const line: CheckLine = {
      file,
      ok: true,
      prediction: summary.predicted[row]!,
      probabilities: Array.from(summary.meanProbs.subarray(row * 10, row * 10 + 10)),
      std: Array.from(summary.stdProbs.subarray(row * 10, row * 10 + 10)),
      scores,
      score,
      threshold,
      verdict: isRejected(score, threshold) ? 'reject' : 'accept',
    };
    row++;
    options.onResult(line);
  });
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
  const summary = await summarise(tf, model, inputs, samples);
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
  const test = await summarise(loaded.tf, model, loadMnistPixels('test'), options.samples);
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

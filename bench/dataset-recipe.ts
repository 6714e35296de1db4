// Trains the recommended recipe of a dataset given as IDX files (Fashion-MNIST by default: Debian's
// dataset-fashion-mnist) and reports its time, steps per second, accuracy on the held-out training rows
// (validation: never trained on) and test accuracy; then calibrates it as the app does (thresholds at
// the 99th percentile of its test scores, outcomes on its held-out training rows, reference sets: the
// shipped ones and MNIST's held-out training digits) and measures MNIST's TEST digits as out of
// distribution: AUROC of the model's score and the share refused at its threshold.
// --tune prints validation figures only (accuracy, and AUROC against MNIST's held-out training digits):
// recipes are chosen on those, never on the test split, which only the final choice is measured on.
// MNIST is never a training outlier.
// Usage: npx tsx bench/dataset-recipe.ts [--dir /usr/share/datasets/fashion-mnist] [--set '{"steps":100}'] [--tune]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importDataset } from '../src/main/engine/datasets/import';
import { openDataset } from '../src/main/engine/datasets/store';
import type { Dataset } from '../src/main/engine/datasets/dataset';
import { recommendedRecipe } from '../src/shared/recipes';
import { runTraining } from '../src/main/engine/train/trainer';
import { loadBackend } from '../src/main/engine/backend';
import { calibrateModelDir } from '../src/main/engine/calibrate';
import { loadMnistPixels } from '../src/main/engine/data/mnist';
import { splitRows } from '../src/main/engine/data/dataset';
import { evaluate, modelThresholds, scoreMetrics, testMetrics } from '../src/main/engine/evaluate';
import { HELD_OUT_DIGITS } from '../src/shared/training';
import { modelDatasetOf } from '../src/shared/datasets';
import { heldOutSize } from '../src/main/engine/families';
import { loadModel } from '../src/main/engine/store';
import { summarisePosterior } from '../src/main/engine/verdicts';
import { FASHION_CLASSES, FASHION_DIR } from './own-sets';

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string', default: FASHION_DIR },
    set: { type: 'string', default: '{}' },
    samples: { type: 'string', default: '100' },
    tune: { type: 'boolean', default: false },
  },
});

async function main(): Promise<void> {
  // Imported as a user would (`unsure data import`), into a data folder of its own.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-recipe-'));
  const name = 'fashion-mnist';
  await importDataset(root, { name, source: args.dir, classes: FASHION_CLASSES, preparation: 'fit' });
  const dataset = await openDataset(root, name);
  const loadAtStart = os.loadavg()[0];
  const config = { ...recommendedRecipe(dataset.manifest), ...(JSON.parse(args.set) as object) };
  const started = performance.now();
  const at = () => Math.round((performance.now() - started) / 100) / 10;
  // Where the time goes: set-up and the first evaluation, the steps, the evaluations, the family's fit.
  const timeline: { status: string; step: number; evaluated: boolean; at: number; stepsPerSecond: number }[] =
    [];
  const out = await runTraining({
    config,
    modelsDir: path.join(root, 'models'),
    backend: 'tensorflow',
    resolveDataset: () => dataset,
    onProgress: (p) => {
      if (p.metrics || p.status !== 'running')
        timeline.push({
          status: p.status,
          step: p.step,
          evaluated: p.metrics !== null,
          at: at(),
          stepsPerSecond: +(p.stepsPerSecond ?? 0).toFixed(2),
        });
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const samples = Number(args.samples);
  const validation = out.modelDir ? await heldOutFigures(out.modelDir, dataset, samples) : null;
  const ood = out.modelDir && !args.tune ? await mnistAsOod(out.modelDir, root, dataset, samples) : null;
  fs.rmSync(root, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      validation,
      ood,
      config,
      status: out.status,
      error: out.error,
      steps: out.step,
      seconds: Math.round(seconds),
      stepsPerSecond: +(out.step / seconds).toFixed(2),
      testAccuracy: args.tune ? undefined : (out.final?.test.accuracy ?? null),
      load: { atStart: loadAtStart, atEnd: os.loadavg()[0] },
      timeline,
    }),
  );
}

/**
 * The model (with its full sampling) on the training rows it never saw — the last `holdOut` of the
 * split — and, as out of distribution, MNIST's held-out training digits against them.
 */
async function heldOutFigures(modelDir: string, dataset: Dataset, samples: number) {
  const model = await loadModel(modelDir);
  const { tf } = await loadBackend('tensorflow');
  const n = dataset.split('train').count;
  const rows = splitRows(
    dataset,
    'train',
    n - heldOutSize(model.meta.config, modelDatasetOf(dataset.manifest)),
    n,
  );
  const summary = await summarisePosterior(tf, model, rows.pixels, samples);
  const mnistTrain = loadMnistPixels('train');
  const mnist = mnistTrain.subarray(mnistTrain.length - HELD_OUT_DIGITS * 784);
  const scores = scoreMetrics(summary, await summarisePosterior(tf, model, mnist, samples));
  return {
    rows: rows.labels.length,
    accuracy: testMetrics(summary, rows.labels).accuracy,
    mnistHeldOutAuroc: Object.fromEntries(Object.entries(scores).map(([k, v]) => [k, +v.auroc.toFixed(4)])),
  };
}

/** Calibrates the model as the app does, then MNIST's test digits against the dataset's test split. */
async function mnistAsOod(modelDir: string, root: string, dataset: Dataset, samples: number) {
  const started = performance.now();
  const calibration = await calibrateModelDir(modelDir, {
    dataRoot: root,
    resolveDataset: () => dataset,
    samples,
    backend: 'tensorflow',
  });
  // `unsure train` calibrates like this before it says done: its time adds to the run's.
  const calibrationSeconds = Math.round((performance.now() - started) / 1000);
  const model = await loadModel(modelDir);
  const { tf } = await loadBackend('tensorflow');
  const test = splitRows(dataset, 'test', 0, dataset.split('test').count);
  const evaluation = await evaluate((rows: Float32Array) => summarisePosterior(tf, model, rows, samples), {
    test: test.pixels,
    labels: test.labels,
    sets: [{ id: 'mnist-test', name: 'MNIST test digits', source: loadMnistPixels('test') }],
    thresholds: modelThresholds(model.meta.calibration),
  });
  const score = calibration.score;
  const mnist = evaluation.sets[0]!.scores[score];
  return {
    score,
    samples,
    threshold: calibration.threshold,
    testKept: 1 - calibration.rejectionRate,
    testAccuracy: evaluation.test.accuracy,
    mnistAuroc: mnist.auroc,
    mnistRefused: mnist.rejected,
    perScoreAuroc: Object.fromEntries(
      Object.entries(evaluation.sets[0]!.scores).map(([k, v]) => [k, v.auroc]),
    ),
    referenceSets: Object.fromEntries(Object.entries(calibration.ood).map(([k, v]) => [k, v.auroc])),
    calibrationSeconds,
    seconds: Math.round((performance.now() - started) / 1000),
  };
}

void main();

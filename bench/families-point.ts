// The point-network families side by side on MNIST: a point estimate, MC dropout and a last-layer
// Laplace over that same point network (trained once on the first 55k training digits; the last
// 5k choose Laplace's λ). Reports test accuracy and, per score (entropy, mutual information), the
// AUROC of MNIST test vs each shipped OOD set.
// Usage: npx tsx bench/families-point.ts [--mlp-steps 3000] [--cnn-steps 1500] [--samples 30] [--json]
import { mnistDataset } from '../src/main/engine/datasets/mnist';
import type * as TF from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { MNIST_SHAPE, inputSize } from '../src/shared/data-shape';
import { TrainConfig, type TrainConfigInput } from '../src/shared/training';
import { SampleSums, auroc, scoreValues, type PredictiveSummary } from '../src/shared/uncertainty';
import { loadBackend } from '../src/main/engine/backend';
import { splitTensors } from '../src/main/engine/data/dataset';
import { loadOodSets } from '../src/main/engine/ood/sets';
import type { FamilyContext, Predictor } from '../src/main/engine/families/family';
import { pointFamily } from '../src/main/engine/families/point';
import { dropoutFamily } from '../src/main/engine/families/dropout';
import { LAPLACE_VALIDATION_SIZE, laplaceFamily } from '../src/main/engine/families/laplace';
import type { LaplaceTrainer } from '../src/main/engine/families/laplace/trainer';
import { trainOn } from '../src/main/engine/families/nets/mnist-runs';

const TRAIN = 60000 - LAPLACE_VALIDATION_SIZE;
const SCORES = ['entropy', 'mutual_information'] as const;
const PIXELS = inputSize(MNIST_SHAPE);
const CLASSES = MNIST_SHAPE.classes;

/** S predictive draws over `pixels` (n images, row-major), 1000 rows at a time. */
function summarise(tf: typeof TF, p: Predictor, pixels: Float32Array, samples: number): PredictiveSummary {
  const n = pixels.length / PIXELS;
  const sums = new SampleSums(n, CLASSES);
  for (let start = 0; start < n; start += 1000) {
    const rows = Math.min(1000, n - start);
    const x = tf.tensor2d(pixels.subarray(start * PIXELS, (start + rows) * PIXELS), [rows, PIXELS]);
    // The family's one-pass path where it has one (Laplace runs its body once for all draws).
    const all = p.sampleProbs
      ? tf.tidy(() => p.sampleProbs!(x, samples, 1).dataSync() as Float32Array)
      : null;
    for (let d = 0; d < samples; d++) {
      const probs = all
        ? all.subarray(d * rows * CLASSES, (d + 1) * rows * CLASSES)
        : tf.tidy(() => tf.softmax(p.sampleLogits(x, 1, d)).dataSync() as Float32Array);
      sums.add(probs, start);
    }
    x.dispose();
  }
  return sums.summary(samples);
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: {
      'mlp-steps': { type: 'string', default: '3000' },
      'cnn-steps': { type: 'string', default: '1500' },
      samples: { type: 'string', default: '30' },
      json: { type: 'boolean', default: false },
    },
  });
  const { tf, backend } = await loadBackend('tensorflow');
  const test = splitTensors(tf, mnistDataset, 'test');
  const testPixels = test.images.dataSync() as Float32Array;
  const oodSets = loadOodSets();
  if (!oodSets.ok) throw new Error(oodSets.error.message);
  const trainAll = splitTensors(tf, mnistDataset, 'train');
  const slice = (t: TF.Tensor2D, from: number, n: number) => t.slice([from, 0], [n, -1]);
  const finishData = {
    train: { x: slice(trainAll.images, 0, TRAIN), y: slice(trainAll.oneHot, 0, TRAIN) },
    validation: {
      x: slice(trainAll.images, TRAIN, LAPLACE_VALIDATION_SIZE),
      y: slice(trainAll.oneHot, TRAIN, LAPLACE_VALIDATION_SIZE),
    },
  };
  const archs: [string, TrainConfigInput][] = [
    ['mlp [256,256]', { arch: 'mlp', hidden: [256, 256], steps: Number(args['mlp-steps']) }],
    [
      'cnn conv [32,64] dense [128]',
      { arch: 'cnn', conv: [32, 64], hidden: [128], steps: Number(args['cnn-steps']) },
    ],
  ];
  const rows: Record<string, unknown>[] = [];
  const samples = Number(args.samples);
  for (const [name, arch] of archs) {
    const ctxOf = (family: 'point' | 'dropout' | 'laplace'): FamilyContext => ({
      config: TrainConfig.parse({
        ...arch,
        family,
        batchSize: 128,
        learningRate: 0.001,
        lrSchedule: 'cosine',
        seed: 1,
      }),
      shape: MNIST_SHAPE,
      trainSize: TRAIN,
    });
    const report = (family: string, p: Predictor, draws: number, seconds: number, extra = {}) => {
      const s = summarise(tf, p, testPixels, draws);
      const acc = s.predicted.filter((c, i) => c === test.labels[i]).length / s.count;
      const row: Record<string, unknown> = {
        arch: name,
        family,
        accuracy: acc,
        seconds: Math.round(seconds),
        ...extra,
      };
      for (const set of oodSets.value) {
        const o = summarise(tf, p, set.pixels, draws);
        for (const score of SCORES)
          row[`${set.id}.${score}`] = auroc(scoreValues(s, score), scoreValues(o, score));
      }
      rows.push(row);
      if (!args.json) console.log(JSON.stringify(row));
    };
    let t0 = performance.now();
    const point = await trainOn(tf, pointFamily, ctxOf('point'));
    const pointSeconds = (performance.now() - t0) / 1000;
    const pp = point.predictor();
    report('point', pp, 1, pointSeconds);
    pp.dispose();

    t0 = performance.now();
    const laplace = (await laplaceFamily.openTrainer(tf, ctxOf('laplace'), point.save())) as LaplaceTrainer;
    await laplace.finish(finishData);
    const lp = laplace.predictor();
    const fit = laplace.fit!;
    const chosen = fit.grid.find((g) => g.priorPrecision === fit.priorPrecision)!;
    report('laplace (kron)', lp, samples, pointSeconds + (performance.now() - t0) / 1000, {
      prior_precision: fit.priorPrecision,
      val_nll: chosen.nll,
      val_nll_map: fit.mapNll,
    });
    [lp, laplace, point].forEach((x) => x.dispose());

    t0 = performance.now();
    const dropout = await trainOn(tf, dropoutFamily, ctxOf('dropout'));
    const dp = dropout.predictor();
    report('dropout 0.25', dp, samples, (performance.now() - t0) / 1000);
    [dp, dropout].forEach((x) => x.dispose());
  }
  if (args.json) console.log(JSON.stringify({ backend, samples, rows }, null, 2));
}

void main();

// Trains the recommended recipe of a dataset given as IDX files (Fashion-MNIST by default: Debian's
// dataset-fashion-mnist) and reports its time, steps per second and test accuracy.
// Usage: npx tsx bench/dataset-recipe.ts [--dir /usr/share/datasets/fashion-mnist] [--set '{"steps":100}']
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseArgs } from 'node:util';
import { DatasetManifest } from '../src/shared/datasets';
import { parseIdxImages, parseIdxLabels } from '../src/main/engine/data/idx';
import type { Dataset, DatasetSplit } from '../src/main/engine/datasets/dataset';
import { recommendedRecipe } from '../src/main/engine/train/recipes';
import { runTraining } from '../src/main/engine/train/trainer';

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string', default: '/usr/share/datasets/fashion-mnist' },
    set: { type: 'string', default: '{}' },
  },
});

const FASHION = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

function read(stem: string): DatasetSplit {
  const file = (kind: string, n: number) => {
    const base = path.join(args.dir, `${stem}-${kind}-idx${n}-ubyte`);
    return fs.existsSync(base) ? fs.readFileSync(base) : zlib.gunzipSync(fs.readFileSync(`${base}.gz`));
  };
  const images = parseIdxImages(file('images', 3), `${stem} images`);
  const labels = parseIdxLabels(file('labels', 1), `${stem} labels`);
  return { count: labels.labels.length, pixels: images.pixels, labels: labels.labels };
}

const splits = { train: read('train'), test: read('t10k') };
const manifest = DatasetManifest.parse({
  format: 1,
  name: 'fashion-mnist',
  classNames: FASHION,
  shape: { height: 28, width: 28, channels: 1, classes: 10 },
  splits: { train: splits.train.count, test: splits.test.count },
  splitOrigin: 'given',
  source: { kind: 'idx', path: args.dir },
  preparation: 'fit',
  createdAt: new Date().toISOString(),
});
const dataset: Dataset = { manifest, split: (s) => splits[s] };

async function main(): Promise<void> {
  const config = { ...recommendedRecipe(manifest), ...(JSON.parse(args.set) as object) };
  const modelsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-recipe-'));
  const started = performance.now();
  const out = await runTraining({ config, modelsDir, backend: 'tensorflow', resolveDataset: () => dataset });
  const seconds = (performance.now() - started) / 1000;
  fs.rmSync(modelsDir, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      config,
      status: out.status,
      error: out.error,
      steps: out.step,
      seconds: Math.round(seconds),
      stepsPerSecond: +(out.step / seconds).toFixed(2),
      testAccuracy: out.final?.test.accuracy ?? null,
      load: os.loadavg()[0],
    }),
  );
}

void main();

// Trains the recommended recipe of a dataset given as IDX files (Fashion-MNIST by default: Debian's
// dataset-fashion-mnist) and reports its time, steps per second and test accuracy.
// Usage: npx tsx bench/dataset-recipe.ts [--dir /usr/share/datasets/fashion-mnist] [--set '{"steps":100}']
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importDataset } from '../src/main/engine/datasets/import';
import { openDataset } from '../src/main/engine/datasets/store';
import { recommendedRecipe } from '../src/main/engine/train/recipes';
import { runTraining } from '../src/main/engine/train/trainer';
import { FASHION_CLASSES, FASHION_DIR } from './own-sets';

const { values: args } = parseArgs({
  options: {
    dir: { type: 'string', default: FASHION_DIR },
    set: { type: 'string', default: '{}' },
  },
});

async function main(): Promise<void> {
  // Imported as a user would (`unsure data import`), into a data folder of its own.
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-recipe-'));
  const name = 'fashion-mnist';
  await importDataset(root, { name, source: args.dir, classes: FASHION_CLASSES, preparation: 'fit' });
  const dataset = await openDataset(root, name);
  const config = { ...recommendedRecipe(dataset.manifest), ...(JSON.parse(args.set) as object) };
  const started = performance.now();
  const out = await runTraining({
    config,
    modelsDir: path.join(root, 'models'),
    backend: 'tensorflow',
    resolveDataset: () => dataset,
  });
  const seconds = (performance.now() - started) / 1000;
  fs.rmSync(root, { recursive: true, force: true });
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

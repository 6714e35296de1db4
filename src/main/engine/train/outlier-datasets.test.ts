// Outlier exposure on a dataset that is not MNIST: a dataset of things at 28×28 grey trains with
// written strokes, never reading an MNIST image (here that throws); written characters and
// other shapes refuse it with their reason; the recommended recipe turns it on where it is allowed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { TrainConfig, type TrainConfigInput } from '../../../shared/training';
import { loadBackend } from '../backend';
import { BatchSchedule, BatchSource } from '../data/dataset';
import { syntheticDataset } from '../datasets/test-dataset';
import { makeStrokeOutlierPool, outlierFill } from '../outliers';
import { PIXELS } from '../outliers/draw';
import { loadTrainLetters } from '../outliers/letters';
import { recommendedRecipe } from '../../../shared/recipes';
import { runTraining } from './trainer';
import type * as Mnist from '../data/mnist';

// MNIST must never be a training outlier of another dataset: any read of its images fails the run.
vi.mock('../data/mnist', async (original) => ({
  ...(await original<typeof Mnist>()),
  loadMnistRaw: () => {
    throw new Error('MNIST was read');
  },
  loadMnistPixels: () => {
    throw new Error('MNIST was read');
  },
}));

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-outlier-datasets-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const grey28 = { height: 28, width: 28, channels: 1, classes: 4 } as const;
const things = syntheticDataset({ name: 'things', ...grey28, train: 200, test: 40, seed: 5 });
const letters = syntheticDataset({ name: 'letters', ...grey28, preparation: 'ink', seed: 6 });
const rgb = syntheticDataset({ name: 'rgb-things' });
const datasets = [things, letters, rgb];
const resolveDataset = (name: string) => datasets.find((d) => d.manifest.name === name)!;

const base = {
  family: 'point',
  arch: 'cnn',
  conv: [4, 4],
  hidden: [8],
  steps: 12,
  batchSize: 16,
  logEvery: 12,
  checkpointEvery: 12,
  trainEvalSize: 100,
  evalSamples: 1,
  holdOut: 20,
  outlierFraction: 0.25,
  seed: 3,
} satisfies TrainConfigInput;

const train = (dataset: string) =>
  runTraining({ config: { ...base, dataset }, modelsDir: root, resolveDataset });

describe('outlier exposure on a dataset of things at 28×28 grey', () => {
  it('trains, and no MNIST image is read', async () => {
    const out = await train('things');
    expect(out.error).toBeNull();
    expect(out.status).toBe('complete');
  }, 120_000);

  it('fills the last rows with written strokes, uniform over its classes, its own rows untouched', async () => {
    const { tf } = await loadBackend();
    const config = TrainConfig.parse({ ...base, batchSize: 20, dataset: 'things' });
    const source = (fill?: ReturnType<typeof outlierFill>) =>
      new BatchSource(things, 'train', new BatchSchedule(1, 180, 20), 20, fill);
    const fill = outlierFill(config, things.manifest, 50);
    const [plain, filled] = [source().batch(tf, 2), source(fill).batch(tf, 2)];
    const pool = makeStrokeOutlierPool({ seed: config.seed, size: 50, letters: loadTrainLetters() });
    const rows = filled.x.arraySync();
    const poolRows = [...Array(50).keys()].map((j) => pool.subarray(j * PIXELS, (j + 1) * PIXELS).join());
    rows.slice(15).forEach((row) => expect(poolRows).toContain(Float32Array.from(row).join()));
    filled.y
      .arraySync()
      .slice(15)
      .forEach((row) => row.forEach((p) => expect(p).toBeCloseTo(0.25, 6)));
    // A photo's rows are not jittered as digits are (that would frame the thing as a digit).
    expect(rows.slice(0, 15)).toEqual(plain.x.arraySync().slice(0, 15));
    tf.dispose([plain.x, plain.y, filled.x, filled.y]);
  }, 60_000);

  it('holds strokes only, ink in every image', () => {
    const pool = makeStrokeOutlierPool({ seed: 4, size: 400, letters: loadTrainLetters() });
    for (let k = 0; k < 400; k++)
      expect(pool.subarray(k * PIXELS, (k + 1) * PIXELS).some((v) => v > 0.5)).toBe(true);
  });
});

describe('outlier exposure refused', () => {
  it('on written characters (letters may be among their classes), with the reason', async () => {
    const out = await train('letters');
    expect(out).toMatchObject({ status: 'failed', error: { code: 'bad_request' } });
    expect(out.error!.message).toMatch(/Outlier exposure .* "letters" holds written characters.*set it to 0/);
  });

  it('on another shape (the strokes are drawn at 28×28 grey), with the reason', async () => {
    const out = await train('rgb-things');
    expect(out).toMatchObject({ status: 'failed', error: { code: 'bad_request' } });
    expect(out.error!.message).toMatch(/28×28 grey and "rgb-things" is 16×16×3; set it to 0/);
  });
});

describe('the recommended recipe', () => {
  it('uses stroke outliers for things at 28×28 grey, and none for characters or other shapes', () => {
    expect(recommendedRecipe(things.manifest).outlierFraction).toBeGreaterThan(0);
    expect(recommendedRecipe(letters.manifest).outlierFraction).toBe(0);
    expect(recommendedRecipe(rgb.manifest).outlierFraction).toBe(0);
  });
});

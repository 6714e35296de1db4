// Check on a model of a dataset that is not MNIST: the picture prepared by the dataset's rule
// (fit-and-pad, on black), the verdict at its class count and in its class names, in the API, in
// `unsure check` and its JSON; reading numbers refused.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResponse } from '../../shared/api/check';
import type { UncertaintyReport } from '../../shared/api/uncertainty';
import type { TrainConfigInput } from '../../shared/training';
import { calibrateModelDir } from '../engine/calibrate';
import { syntheticDataset } from '../engine/datasets/test-dataset';
import { builtinDataset } from '../engine/datasets/resolve';
import { encodeGray } from '../engine/image/test-images';
import { modelsDir } from '../engine/store/paths';
import { writeFakeModelDir } from '../engine/store/fixtures';
import { MANIFEST_FILE, labelsFile, pixelsFile } from '../engine/datasets/store';
import { runTraining } from '../engine/train/trainer';
import { runCliCapturing } from '../cli/test-cli';
import { engineServices } from '../cli/wiring';
import { dispatch } from './dispatch';
import { testHandlers } from './test-handlers';

const shapes = syntheticDataset({
  name: 'shapes',
  height: 12,
  width: 12,
  channels: 1,
  classes: 3,
  seed: 5,
  train: 1500,
  test: 150,
});
const resolveDataset = (name: string) => (name === 'shapes' ? shapes : builtinDataset(name));

let root: string;
let modelDir: string;
let barPng: Buffer;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-check-dataset-'));
  const config = {
    dataset: 'shapes',
    family: 'point',
    hidden: [16],
    steps: 60,
    batchSize: 32,
    logEvery: 60,
    checkpointEvery: 60,
    trainEvalSize: 100,
    evalSamples: 2,
    // 150 held-out rows: enough for sets at 99% (a smaller split leaves every class in every set).
    holdOut: 150,
    seed: 2,
  } satisfies TrainConfigInput;
  const out = await runTraining({ config, modelsDir: modelsDir(path.join(root, 'data')), resolveDataset });
  expect(out.status).toBe('complete');
  modelDir = out.modelDir!;
  await calibrateModelDir(modelDir, { resolveDataset, samples: 4 });
  // The dataset in the data folder as an import leaves it, so `unsure eval` finds it by name.
  const dir = path.join(root, 'data', 'datasets', 'shapes');
  fs.mkdirSync(dir, { recursive: true });
  for (const split of ['train', 'test'] as const) {
    fs.writeFileSync(path.join(dir, pixelsFile(split)), shapes.split(split).pixels);
    fs.writeFileSync(path.join(dir, labelsFile(split)), shapes.split(split).labels);
  }
  fs.writeFileSync(path.join(dir, MANIFEST_FILE), JSON.stringify(shapes.manifest));
  // The dataset's first class, a bar across, photographed dark on white paper.
  const [w, h] = [60, 60];
  const paper = new Uint8Array(w * h).fill(245);
  for (let y = 26; y < 34; y++) paper.fill(25, y * w, (y + 1) * w);
  barPng = await encodeGray(paper, w, h, 'png');
  fs.writeFileSync(path.join(root, 'bar.png'), barPng);
}, 120_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('checkImages on a model of another dataset', () => {
  it('names its classes and judges the picture prepared at the dataset size', async () => {
    const handlers = testHandlers(path.join(root, 'data'), path.join(root, 'resources'));
    const modelId = path.basename(modelDir);
    const files = [{ name: 'bar.png', dataBase64: barPng.toString('base64') }];
    const result = await dispatch(handlers, 'checkImages', [{ files, modelId, samples: 8 }]);
    if (!result.ok) throw new Error(result.error.message);
    const { classNames, results } = result.value as CheckResponse;
    expect(classNames).toEqual(['bar', 'post', 'ring']);
    const verdict = results[0]!;
    if (!verdict.ok) throw new Error(verdict.error.message);
    expect(verdict.probabilities).toHaveLength(3);
    expect(verdict.votes).toHaveLength(3);
    expect(verdict.prediction).toBe(0);
    expect(verdict.className).toBe('bar');
    expect(verdict.setNames).toEqual(verdict.set.map((label) => classNames![label]));
    const seen = await sharp(Buffer.from(verdict.seenPng.split(',')[1]!, 'base64')).metadata();
    expect([seen.width, seen.height]).toEqual([12, 12]);
  });
});

describe('the uncertainty report of a model of another dataset', () => {
  it('scores its test split and measures the other datasets, not the 28×28 shipped sets', async () => {
    const handlers = testHandlers(path.join(root, 'data'), path.join(root, 'resources'));
    const modelId = path.basename(modelDir);
    const result = await dispatch(handlers, 'getUncertaintyReport', [{ modelId, samples: 4 }]);
    if (!result.ok) throw new Error(result.error.message);
    const report = result.value as UncertaintyReport;
    expect(report.mnist.count).toBe(150);
    expect(report.sets.map((set) => set.id)).toEqual(['dataset-mnist']);
    expect(report.sets[0]!.scores).toHaveLength(2000);
  });
});

describe('unsure check and read on a model of another dataset', () => {
  const run = (...argv: string[]) =>
    runCliCapturing(argv, engineServices(), { env: { UNSURE_HOME: path.join(root, 'data') }, cwd: root });

  it('says the verdict in its class names, and gives them in the JSON line', async () => {
    const text = await run('check', '--model', modelDir, '--samples', '8', 'bar.png');
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(/^bar\.png: it is a bar \(only one class is plausible/);
    expect(text.out).not.toMatch(/digit/);
    const json = await run('check', '--model', modelDir, '--samples', '8', '--json', 'bar.png');
    expect(JSON.parse(json.out)).toMatchObject({ file: 'bar.png', prediction: 0, className: 'bar' });
  });

  it('refuses to read numbers: the dataset is not of digits', async () => {
    const read = await run('read', '--model', modelDir, 'bar.png');
    expect(read.code).not.toBe(0);
    expect(read.err).toMatch(/only available for models of written digits.*"shapes"/);
  });

  it('evaluates on the test split of its dataset, with MNIST as out of distribution', async () => {
    const out = await run('eval', '--model', modelDir, '--samples', '4', '--json');
    expect(out.code, out.err).toBe(0);
    const report = JSON.parse(out.out) as {
      test: { count: number; accuracy: number };
      ood: { dir: string }[];
    };
    expect(report.test.count).toBe(150);
    expect(report.test.accuracy).toBeGreaterThan(0.9);
    expect(report.ood.map((set) => set.dir)).toEqual(['dataset-mnist']);
  });

  it('refuses to compare models of different datasets, naming them', async () => {
    const digits = path.join(root, 'digits-model');
    await writeFakeModelDir(digits, { id: 'digits' });
    const out = await run('compare', modelDir, digits, '--samples', '2');
    expect(out.code).not.toBe(0);
    expect(out.err).toMatch(/only models of one dataset can be compared.*\(shapes\).*\(mnist\)/);
  });
});

// A dataset's reference sets: the shipped ones where they fit its shape, plus every other dataset of
// the data folder, lent from its held-out training rows (never its test split).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MNIST_MODEL_DATASET, type ModelDataset } from '../../../shared/datasets';
import { importDataset } from '../datasets/import';
import { mnistDataset } from '../datasets/mnist';
import { makeFolderSet } from '../datasets/test-sets';
import { REFERENCE_ROWS, datasetSetId, referenceSets } from './reference-sets';

const FASHION: ModelDataset = {
  name: 'clothes',
  classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
  shape: { height: 28, width: 28, channels: 1, classes: 10 },
  preparation: 'fit',
  splits: { train: 60000, test: 10000 },
};

let root: string;
beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-reference-sets-'));
  const source = path.join(root, 'pictures');
  await makeFolderSet(source, { classes: { cat: 12, dog: 12 }, width: 10, height: 10, channels: 3 });
  await importDataset(path.join(root, 'data'), { name: 'pets', source });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('reference sets of a dataset', () => {
  it('for a grey 28×28 dataset: the shipped sets, MNIST and the other imported datasets at its shape', async () => {
    const { sets, unavailable } = await referenceSets(FASHION, { dataRoot: path.join(root, 'data') });
    expect(unavailable).toBeUndefined();
    const ids = sets.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['letters', datasetSetId('mnist'), datasetSetId('pets')]));
    const pets = sets.find((s) => s.id === datasetSetId('pets'))!;
    expect(pets.pixels.length).toBe(pets.count * 28 * 28);
  });

  it("lends MNIST's held-out training digits, not its test digits", async () => {
    const { sets } = await referenceSets(FASHION, { oodDir: null });
    const mnist = sets.find((s) => s.id === datasetSetId('mnist'))!;
    expect(mnist.count).toBe(REFERENCE_ROWS);
    const first = mnistDataset.split('train').pixels.subarray(55000 * 784, 55001 * 784);
    expect(Array.from(mnist.pixels.subarray(0, 784), (v) => Math.round(v * 255))).toEqual(Array.from(first));
  });

  it('for MNIST: the shipped sets and the imported datasets, never MNIST itself', async () => {
    const { sets } = await referenceSets(MNIST_MODEL_DATASET, { dataRoot: path.join(root, 'data') });
    const ids = sets.map((s) => s.id);
    expect(ids).toContain(datasetSetId('pets'));
    expect(ids).not.toContain(datasetSetId('mnist'));
  });

  it('for a colour dataset: no shipped set (said why), the other datasets in colour', async () => {
    const pets = {
      ...FASHION,
      name: 'pets',
      shape: { height: 10, width: 10, channels: 3 as const, classes: 2 },
    };
    const { sets, unavailable } = await referenceSets(pets, { dataRoot: path.join(root, 'data') });
    expect(sets.map((s) => s.id)).toEqual([datasetSetId('mnist')]);
    expect(sets[0]!.pixels.length).toBe(REFERENCE_ROWS * 10 * 10 * 3);
    expect(unavailable).toMatch(/28×28 grey.*10×10×3/);
  });
});

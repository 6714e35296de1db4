import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MNIST_MANIFEST } from '../../../shared/datasets';
import { importDataset } from './import';
import { mnistDataset } from './mnist';
import { datasetDir, deleteDataset, listDatasets, openDataset, showDataset } from './store';
import { makeFolderSet, rejection } from './test-sets';

let tmp: string;
let root: string;
let source: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-ds-store-'));
  root = path.join(tmp, 'data');
  source = path.join(tmp, 'source');
  await makeFolderSet(source, { classes: { a: 8, b: 6 }, width: 9, height: 9, channels: 1 });
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the dataset store', () => {
  it('opens the built-in MNIST by its name, without a data folder', async () => {
    expect(await openDataset(path.join(tmp, 'nowhere'), 'mnist')).toBe(mnistDataset);
  });

  it('lists MNIST first, then the imported sets, and reports a broken folder', async () => {
    await importDataset(root, { name: 'two', source });
    fs.mkdirSync(path.join(root, 'datasets', 'junk'));
    fs.writeFileSync(path.join(root, 'datasets', 'junk', 'manifest.json'), '{"format": 1}');
    const listing = await listDatasets(root);
    expect(listing.datasets.map((d) => d.name)).toEqual(['mnist', 'two']);
    expect(listing.datasets[0]).toEqual(MNIST_MANIFEST);
    expect(listing.broken.map((b) => b.name)).toEqual(['junk']);
    expect(listing.broken[0]!.reason).toContain('its manifest is not valid');
  });

  it('shows the examples per class of each split', async () => {
    const { manifest, classCounts } = await showDataset(root, 'two');
    expect(manifest.splits).toEqual({ train: 7 + 5, test: 1 + 1 });
    expect(classCounts).toEqual({ train: [7, 5], test: [1, 1] });
  });

  it('refuses a split file whose size disagrees with the manifest', async () => {
    await importDataset(root, { name: 'cut', source });
    const file = path.join(datasetDir(root, 'cut'), 'train.pixels');
    fs.truncateSync(file, 81 * 3);
    const dataset = await openDataset(root, 'cut');
    expect(() => dataset.split('train')).toThrow(
      'dataset "cut", train split: 243 pixel bytes and 12 labels, its manifest says 972 and 12',
    );
  });

  it('deletes an imported set, refuses the built-in one and an unknown name', async () => {
    await importDataset(root, { name: 'gone', source });
    await deleteDataset(root, 'gone');
    expect(fs.existsSync(datasetDir(root, 'gone'))).toBe(false);
    expect((await listDatasets(root)).datasets.map((d) => d.name)).not.toContain('gone');
    expect(await rejection(deleteDataset(root, 'mnist'))).toEqual({
      code: 'dataset_builtin',
      message: '"mnist" is built in and cannot be deleted',
    });
    expect((await rejection(deleteDataset(root, 'gone'))).code).toBe('not_found');
    expect((await rejection(openDataset(root, 'gone'))).code).toBe('not_found');
    expect((await rejection(openDataset(root, '../models'))).code).toBe('invalid_name');
  });
});

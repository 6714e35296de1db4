// listDatasets through the handlers: the built-in MNIST first, then what was imported into the data
// folder, which the Train form offers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetList } from '../../shared/api/dataset';
import { importDataset } from '../engine/datasets/import';
import { makeFolderSet } from '../engine/datasets/test-sets';
import { dispatch } from './dispatch';
import { testHandlers } from './test-handlers';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-api-datasets-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('listDatasets', () => {
  it('lists MNIST, then the imported datasets with their classes and shape', async () => {
    const handlers = testHandlers(path.join(root, 'data'), path.resolve('resources'));
    const before = await dispatch(handlers, 'listDatasets', []);
    if (!before.ok) throw new Error(before.error.message);
    expect(DatasetList.parse(before.value).datasets.map((d) => d.name)).toEqual(['mnist']);

    await makeFolderSet(path.join(root, 'src'), {
      classes: { circle: 4, square: 4 },
      width: 12,
      height: 12,
      channels: 1,
    });
    await importDataset(path.join(root, 'data'), { name: 'shapes', source: path.join(root, 'src') });
    const after = await dispatch(handlers, 'listDatasets', []);
    if (!after.ok) throw new Error(after.error.message);
    const list = DatasetList.parse(after.value);
    expect(list.datasets.map((d) => d.name)).toEqual(['mnist', 'shapes']);
    expect(list.datasets[1]).toMatchObject({
      classNames: ['circle', 'square'],
      shape: { height: 12, width: 12, channels: 1, classes: 2 },
    });
  });
});

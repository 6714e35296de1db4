// Datasets through the app's handlers: a folder-per-class set made here is imported (its unreadable
// file skipped and listed, progress sent as events), browsed by name, refused in plain words when it
// cannot be a dataset, cancelled without a trace, and deleted.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DatasetImages,
  DatasetList,
  DatasetSummary,
  ImportDatasetResult,
  type DatasetImportProgress,
} from '../../shared/api/dataset';
import { base64ToBytes } from '../../shared/base64';
import type { RequestName } from '../../shared/contract';
import { datasetEntries, makeFolderSet, tempFolders } from '../engine/datasets/test-sets';
import { dispatch, EventHub } from './dispatch';
import { createHandlers } from './handlers';

const where = tempFolders('unsure-api-import-', { beforeEach, afterEach });

function app() {
  const events = new EventHub();
  const progress: DatasetImportProgress[] = [];
  events.add((event, payload) => {
    if (event === 'datasetImportProgress') progress.push(payload as DatasetImportProgress);
  });
  const handlers = createHandlers({
    appVersion: '0.0.0-test',
    transport: 'web',
    dataRoot: where.root,
    resourcesDir: path.resolve('resources'),
    events,
    dialogs: null,
  });
  const call = async (channel: RequestName, ...args: unknown[]) => dispatch(handlers, channel, args);
  return { call, progress };
}

function value<T>(result: { ok: boolean; value?: unknown; error?: { message: string } }): T {
  if (!result.ok) throw new Error(result.error?.message);
  return result.value as T;
}

/** Two classes of 8 grey 12×12 pictures, and one file in "circle" that is no image. */
async function shapesWithABadFile(): Promise<void> {
  await makeFolderSet(where.source, {
    classes: { circle: 8, square: 8 },
    width: 12,
    height: 12,
    channels: 1,
  });
  fs.writeFileSync(path.join(where.source, 'circle', 'broken.png'), 'not a picture');
}

describe('importDataset', () => {
  it('imports the readable pictures, lists the unreadable one, sends progress, and is browsed by name', async () => {
    await shapesWithABadFile();
    const { call, progress } = app();
    const result = ImportDatasetResult.parse(
      value(await call('importDataset', { name: 'shapes', path: where.source })),
    );
    expect(result.manifest).toMatchObject({ name: 'shapes', classNames: ['circle', 'square'] });
    expect(result.skippedCount).toBe(1);
    expect(result.skipped.map((s) => path.basename(s.file))).toEqual(['broken.png']);
    const perClass = result.classCounts.train.map((n, c) => n + result.classCounts.test[c]!);
    expect(perClass).toEqual([8, 8]);
    expect(progress.at(-1)).toMatchObject({ name: 'shapes', phase: 'importing', done: 16, total: 16 });

    const summary = DatasetSummary.parse(value(await call('getDatasetSummary', { dataset: 'shapes' })));
    expect(summary.manifest.shape).toMatchObject({ width: 12, height: 12, channels: 1 });
    expect(summary.train + summary.test).toBe(16);
    const images = DatasetImages.parse(
      value(await call('getDatasetImages', { dataset: 'shapes', split: 'test', indices: [0, 1, 999] })),
    );
    expect(images.indices).toEqual([0, 1]);
    expect(base64ToBytes(images.pixelsBase64).length).toBe(2 * 12 * 12);
    expect(images.labels).toEqual(Array.from(base64ToBytes(summary.testLabels).subarray(0, 2)));
  });

  it('still answers for MNIST when no dataset is named', async () => {
    const { call } = app();
    const summary = DatasetSummary.parse(value(await call('getDatasetSummary')));
    expect(summary.manifest.name).toBe('mnist');
    expect([summary.train, summary.test]).toEqual([60000, 10000]);
  });

  it('refuses a class with one picture and a single class in plain words, writing nothing', async () => {
    await makeFolderSet(where.source, {
      classes: { circle: 1, square: 3 },
      width: 12,
      height: 12,
      channels: 1,
    });
    const { call } = app();
    const oneImage = await call('importDataset', { name: 'shapes', path: where.source });
    expect(oneImage).toMatchObject({ ok: false, error: { code: 'import_invalid' } });
    expect(!oneImage.ok && oneImage.error.message).toContain('"circle" has only one readable image');

    fs.rmSync(path.join(where.source, 'circle'), { recursive: true });
    const oneClass = await call('importDataset', { name: 'shapes', path: where.source });
    expect(!oneClass.ok && oneClass.error.message).toContain('fewer than two classes');
    const wrongNames = await call('importDataset', {
      name: 'shapes',
      path: where.source,
      classes: ['a', 'b'],
    });
    expect(wrongNames.ok).toBe(false);
    expect(datasetEntries(where.root)).toEqual([]);
  });

  it('names the class-names field, not a command-line flag, when the names do not fit', async () => {
    await makeFolderSet(where.source, {
      classes: { circle: 2, square: 2 },
      width: 12,
      height: 12,
      channels: 1,
    });
    const { call } = app();
    const result = await call('importDataset', {
      name: 'shapes',
      path: where.source,
      classes: ['a', 'b', 'c'],
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'import_invalid' } });
    expect(!result.ok && result.error.message).toBe(
      'the Class names field gives 3 class names; the dataset has 2 classes',
    );
  });

  it('stops at a cancel and leaves no dataset behind', async () => {
    await shapesWithABadFile();
    const { call, progress } = app();
    const importing = call('importDataset', { name: 'shapes', path: where.source });
    expect(value<{ cancelled: boolean }>(await call('cancelDatasetImport'))).toEqual({ cancelled: true });
    expect(await importing).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(progress.some((p) => p.phase === 'importing' && p.done === p.total)).toBe(false);
    const list = DatasetList.parse(value(await call('listDatasets')));
    expect(list.datasets.map((d) => d.name)).toEqual(['mnist']);
    expect(datasetEntries(where.root).filter((e) => !e.startsWith('.'))).toEqual([]);
    expect(value<{ cancelled: boolean }>(await call('cancelDatasetImport'))).toEqual({ cancelled: false });
  });
});

describe('deleteDataset', () => {
  it('deletes an imported dataset and refuses the built-in one', async () => {
    await shapesWithABadFile();
    const { call } = app();
    value(await call('importDataset', { name: 'shapes', path: where.source }));
    const after = DatasetList.parse(value(await call('deleteDataset', { name: 'shapes' })));
    expect(after.datasets.map((d) => d.name)).toEqual(['mnist']);
    expect(await call('getDatasetSummary', { dataset: 'shapes' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await call('deleteDataset', { name: 'mnist' })).toMatchObject({
      ok: false,
      error: { code: 'dataset_builtin' },
    });
  });

  it('says the folder dialog needs the desktop app', async () => {
    expect(await app().call('chooseFolder')).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });
});

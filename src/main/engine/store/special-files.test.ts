// Special files in the data folder (a named pipe, a link to /dev/zero, a folder in place of a file):
// the model holding one is reported broken with a clear reason, and every other model still lists.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFifo } from '../files/test-files';
import { readCheckpoint, readMetricsSync as readRunMetrics, readModelJson } from './model-folder';
import { writeFakeModel } from './fixtures';
import { getActive, listModels, loadModel, setActive } from './index';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-special-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const cases: [string, string, (file: string) => void, RegExp][] = [
  ['metrics.json is a named pipe', 'metrics.json', (f) => makeFifo(f), /metrics\.json is a named pipe/],
  ['model.json is a named pipe', 'model.json', (f) => makeFifo(f), /model\.json is a named pipe/],
  [
    'the posterior links to /dev/zero',
    'posterior.safetensors',
    (f) => fs.symlinkSync('/dev/zero', f),
    /posterior\.safetensors is a symbolic link/,
  ],
  [
    'the posterior is a named pipe',
    'posterior.safetensors',
    (f) => makeFifo(f),
    /posterior\.safetensors is a named pipe/,
  ],
  ['model.json is a folder', 'model.json', (f) => fs.mkdirSync(f), /model\.json is a folder/],
  ['metrics.json is a folder', 'metrics.json', (f) => fs.mkdirSync(f), /metrics\.json is a folder/],
];

describe.each(cases)('when %s', (_title, file, make, reason) => {
  it('lists that model as broken with the reason, and the other models as usual', async () => {
    await writeFakeModel(root, { id: 'good-one', createdAt: '2024-01-01T00:00:00.000Z' });
    const bad = await writeFakeModel(root, { id: 'bad-one', createdAt: '2024-02-01T00:00:00.000Z' });
    fs.rmSync(path.join(bad, file));
    make(path.join(bad, file));
    // More calls at once than libuv has threads: a blocking read would hang every later one.
    const listings = await Promise.all(Array.from({ length: 6 }, () => listModels(root)));
    for (const listing of listings) {
      expect(listing.models.map((m) => m.id)).toEqual(['good-one']);
      expect(listing.broken).toEqual([{ dir: bad, reason: expect.stringMatching(reason) as unknown }]);
    }
    await expect(loadModel(bad)).rejects.toMatchObject({
      code: 'model_invalid',
      message: expect.stringMatching(reason) as unknown,
    });
    expect((await loadModel(path.join(root, 'models', 'good-one'))).meta.id).toBe('good-one');
  });
});

describe('the active pointer and the trainer’s reads', () => {
  it('treats an active.json that is a named pipe as unset', async () => {
    await writeFakeModel(root, { id: 'good-one' });
    makeFifo(path.join(root, 'active.json'));
    expect(await Promise.all(Array.from({ length: 6 }, () => getActive(root)))).toEqual(Array(6).fill(null));
    fs.rmSync(path.join(root, 'active.json'));
    await setActive(root, 'good-one');
    expect(await getActive(root)).toBe('good-one');
  });

  it('refuses a checkpoint, model.json or metrics.json that is a named pipe when resuming', async () => {
    const dir = await writeFakeModel(root, { id: 'run' });
    makeFifo(path.join(dir, 'checkpoint.safetensors'));
    expect(() => readCheckpoint(dir)).toThrow(/checkpoint\.safetensors is a named pipe/);
    fs.rmSync(path.join(dir, 'model.json'));
    makeFifo(path.join(dir, 'model.json'));
    expect(() => readModelJson(dir)).toThrow(/model\.json is a named pipe/);
    fs.rmSync(path.join(dir, 'metrics.json'));
    makeFifo(path.join(dir, 'metrics.json'));
    expect(() => readRunMetrics(dir, 100)).toThrow(/metrics\.json is a named pipe/);
  });
});

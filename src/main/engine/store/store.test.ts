import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeSafetensors } from '../format/safetensors';
import { fakePosterior, writeFakeModel } from './fixtures';
import {
  deleteModel,
  getActive,
  listModels,
  loadActiveModel,
  loadModel,
  newModelId,
  renameModel,
  resolveDataRoot,
  resolveResourcesDir,
  setActive,
} from './index';

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'unsure-store-'));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

/** Every file under `dir` with its bytes, to prove an operation touched nothing. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = (await fs.readFile(file)).toString('base64');
  }
  return out;
}

async function expectInvalid(dir: string, pattern: RegExp): Promise<void> {
  const error: unknown = await loadModel(dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code: 'model_invalid' });
  expect((error as Error).message).toMatch(pattern);
}

describe('data root and ids', () => {
  it('prefers UNSURE_HOME on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const)
      expect(resolveDataRoot({ env: { UNSURE_HOME: '/a', XDG_DATA_HOME: '/x' }, platform })).toBe(
        path.resolve('/a'),
      );
  });
  it('falls back to the platform data folder: XDG on Linux, Application Support on macOS, APPDATA on Windows', () => {
    expect(resolveDataRoot({ env: { XDG_DATA_HOME: '/x' }, platform: 'linux' })).toBe('/x/unsure');
    expect(resolveDataRoot({ env: {}, homeDir: '/home/u', platform: 'linux' })).toBe(
      '/home/u/.local/share/unsure',
    );
    expect(
      resolveDataRoot({ env: { XDG_DATA_HOME: 'relative' }, homeDir: '/home/u', platform: 'freebsd' }),
    ).toBe('/home/u/.local/share/unsure');
    expect(resolveDataRoot({ env: { XDG_DATA_HOME: '/x' }, homeDir: '/Users/u', platform: 'darwin' })).toBe(
      '/Users/u/Library/Application Support/Unsure',
    );
    expect(
      resolveDataRoot({
        env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' },
        homeDir: 'C:\\Users\\u',
        platform: 'win32',
      }),
    ).toBe('C:\\Users\\u\\AppData\\Roaming\\Unsure');
    expect(resolveDataRoot({ env: {}, homeDir: 'C:\\Users\\u', platform: 'win32' })).toBe(
      'C:\\Users\\u\\AppData\\Roaming\\Unsure',
    );
  });
  it('finds the project resources folder from the source tree and honours an explicit one', () => {
    expect(resolveResourcesDir({ env: {} })).toBe(path.resolve(__dirname, '../../../../resources'));
    expect(resolveResourcesDir({ resourcesDir: '/r' })).toBe('/r');
  });
  it('makes safe ids from any preset name', () => {
    const id = newModelId('Article Broken!', new Date('2024-05-01T12:34:56Z'), 'ab12');
    expect(id).toBe('20240501-123456-article-broken-ab12');
  });
});

describe('loadModel', () => {
  it('loads a valid model with its metrics and posterior', async () => {
    const dir = await writeFakeModel(root, { id: 'good', hidden: [8, 4] });
    const model = await loadModel(dir);
    expect(model.meta.id).toBe('good');
    expect(model.metrics).toHaveLength(2);
    expect(model.posterior.map((t) => t.name)).toContain('layers.2.bias.logvar');
  });

  it('refuses corrupt JSON, foreign JSON and a bad metrics file', async () => {
    const dir = await writeFakeModel(root, { id: 'm' });
    await fs.writeFile(path.join(dir, 'model.json'), '{"format": "unsure-model", ');
    await expectInvalid(dir, /model\.json is not valid JSON/);
    await fs.writeFile(
      path.join(dir, 'model.json'),
      JSON.stringify({ name: 'my-npm-package', version: '1.0.0' }),
    );
    await expectInvalid(dir, /not an Unsure model/);
    const dir2 = await writeFakeModel(root, { id: 'n' });
    await fs.writeFile(path.join(dir2, 'metrics.json'), JSON.stringify([{ step: 'ten' }]));
    await expectInvalid(dir2, /metrics\.json/);
  });

  it('refuses a truncated or foreign posterior', async () => {
    const dir = await writeFakeModel(root, { id: 'm' });
    const file = path.join(dir, 'posterior.safetensors');
    const bytes = await fs.readFile(file);
    await fs.writeFile(file, bytes.subarray(0, bytes.length - 10));
    await expectInvalid(dir, /posterior\.safetensors.*(past the end|does not fit)/);
    await fs.writeFile(file, encodeSafetensors(fakePosterior([8]), { format: 'something-else' }));
    await expectInvalid(dir, /not an Unsure posterior/);
  });

  it('refuses tensors whose shapes do not match config.hidden, and NaN values', async () => {
    const dir = await writeFakeModel(root, { id: 'm', hidden: [8] });
    const file = path.join(dir, 'posterior.safetensors');
    await fs.writeFile(file, encodeSafetensors(fakePosterior([16]), { format: 'unsure-posterior' }));
    await expectInvalid(dir, /shape \[784,16\], expected \[784,8\]/);
    const tensors = fakePosterior([8]);
    tensors[1]!.data[5] = Number.NaN;
    await fs.writeFile(file, encodeSafetensors(tensors, { format: 'unsure-posterior' }));
    await expectInvalid(dir, /layers\.0\.weight\.logvar holds a non-finite value \(NaN\) at index 5/);
    await fs.writeFile(file, encodeSafetensors(tensors.slice(2), { format: 'unsure-posterior' }));
    await expectInvalid(dir, /layers\.0\.weight\.mean is missing/);
  });
});

describe('listModels', () => {
  it('lists valid models newest first, reports broken folders and touches nothing', async () => {
    await writeFakeModel(root, { id: 'old', createdAt: '2024-01-01T00:00:00.000Z' });
    await writeFakeModel(root, { id: 'new', createdAt: '2024-02-01T00:00:00.000Z' });
    const broken = await writeFakeModel(root, { id: 'broken' });
    await fs.writeFile(path.join(broken, 'model.json'), 'not json');
    await writeFakeModel(root, { id: 'renamed-folder' });
    await fs.rename(path.join(root, 'models', 'renamed-folder'), path.join(root, 'models', 'other'));
    await fs.mkdir(path.join(root, 'models', '.import-tmp'));
    await fs.mkdir(path.join(root, 'models', 'Bad Name'));
    const before = await snapshot(root);
    const listing = await listModels(root);
    expect(listing.models.map((m) => m.id)).toEqual(['new', 'old']);
    expect(listing.models[0]).toMatchObject({
      testAccuracy: 0.9,
      oodAuroc: 0.9,
      builtIn: false,
      steps: 200,
      // A model made before datasets is one of MNIST: the Data view applies its scores there only.
      dataset: 'mnist',
    });
    expect(listing.broken.map((b) => path.basename(b.dir)).sort()).toEqual(['Bad Name', 'broken', 'other']);
    expect(await snapshot(root)).toEqual(before);
  });

  it('includes the default model, active when nothing else is', async () => {
    const defaultDir = path.join(root, 'resources', 'default-model');
    await writeFakeModel(path.join(root, 'fake-res'), { id: 'default' });
    await fs.mkdir(path.dirname(defaultDir), { recursive: true });
    await fs.rename(path.join(root, 'fake-res', 'models', 'default'), defaultDir);
    await writeFakeModel(root, { id: 'mine' });
    let listing = await listModels(root, { defaultDir });
    expect(listing.models.map((m) => [m.id, m.active, m.builtIn])).toEqual([
      ['mine', false, false],
      ['default', true, true],
    ]);
    await setActive(root, 'mine');
    listing = await listModels(root, { defaultDir });
    expect(listing.models.map((m) => m.active)).toEqual([true, false]);
    expect((await loadActiveModel(root, defaultDir)).builtIn).toBe(false);
    await fs.writeFile(path.join(root, 'models', 'mine', 'posterior.safetensors'), 'garbage');
    const fallback = await loadActiveModel(root, defaultDir);
    expect(fallback.builtIn).toBe(true);
    expect(fallback.fallbackReason).toMatch(/mine/);
  });
});

describe('rename, delete, active', () => {
  it('renames the display name only', async () => {
    await writeFakeModel(root, { id: 'a' });
    const summary = await renameModel(root, 'a', '  My best  ');
    expect(summary.name).toBe('My best');
    expect((await loadModel(path.join(root, 'models', 'a'))).meta.name).toBe('My best');
    await expect(renameModel(root, 'a', '   ')).rejects.toMatchObject({ code: 'invalid_name' });
  });

  it('refuses path tricks in ids and leaves every other model intact', async () => {
    await writeFakeModel(root, { id: 'keep' });
    const outside = path.join(root, 'outside');
    await fs.mkdir(outside);
    await fs.writeFile(path.join(outside, 'precious.txt'), 'x');
    await fs.symlink(outside, path.join(root, 'models', 'link'));
    const before = await snapshot(root);
    for (const id of ['../outside', '..', '.', 'keep/../../outside', '/tmp', 'KEEP', 'a\\b', '', 'keep\0']) {
      await expect(deleteModel(root, id)).rejects.toMatchObject({ code: 'invalid_id' });
      await expect(renameModel(root, id, 'x')).rejects.toMatchObject({ code: 'invalid_id' });
      await expect(setActive(root, id)).rejects.toMatchObject({ code: 'invalid_id' });
    }
    await expect(deleteModel(root, 'link')).rejects.toMatchObject({ code: 'invalid_id' });
    await expect(deleteModel(root, 'missing')).rejects.toMatchObject({ code: 'not_found' });
    expect(await snapshot(root)).toEqual(before);
  });

  it('deletes a model and clears active.json when it was active', async () => {
    await writeFakeModel(root, { id: 'a' });
    await writeFakeModel(root, { id: 'b' });
    await setActive(root, 'a');
    expect(await getActive(root)).toBe('a');
    await deleteModel(root, 'a');
    expect(await getActive(root)).toBeNull();
    expect(await fs.readdir(path.join(root, 'models'))).toEqual(['b']);
    await expect(setActive(root, 'a')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('treats a corrupt active.json as unset', async () => {
    await fs.writeFile(path.join(root, 'active.json'), '{"id": "../x"}');
    expect(await getActive(root)).toBeNull();
  });
});

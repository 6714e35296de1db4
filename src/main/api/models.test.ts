import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelSummary } from '../../shared/model';
import type { Result } from '../../shared/result';
import { writeFakeModel, writeFakeModelDir } from '../engine/store/fixtures';
import type { AppContext } from './context';
import { dispatch, EventHub } from './dispatch';
import { createHandlers } from './handlers';

let root: string;
let resources: string;
let ctx: AppContext;
let events: string[];

beforeEach(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-models-'));
  resources = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-resources-'));
  await writeFakeModelDir(path.join(resources, 'default-model'), { id: 'default-model', preset: 'article' });
  await writeFakeModel(root, { id: '20240101-000000-custom-aaaa', createdAt: '2024-01-02T00:00:00.000Z' });
  const hub = new EventHub();
  events = [];
  hub.add((event, payload) => events.push(`${event}:${(payload as { reason: string }).reason}`));
  ctx = {
    appVersion: '0.0.0-test',
    transport: 'web',
    dataRoot: root,
    resourcesDir: resources,
    events: hub,
    dialogs: null,
  };
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(resources, { recursive: true, force: true });
});

async function call(channel: string, ...args: unknown[]): Promise<Result<unknown>> {
  return dispatch(createHandlers(ctx), channel, args);
}

async function models(): Promise<ModelSummary[]> {
  const result = await call('listModels');
  if (!result.ok) throw new Error(result.error.message);
  return result.value as ModelSummary[];
}

describe('model handlers', () => {
  it('lists the user’s models and the built-in default, which is active when nothing else is', async () => {
    const list = await models();
    expect(list.map((m) => [m.id, m.builtIn, m.active])).toEqual([
      ['20240101-000000-custom-aaaa', false, false],
      ['default-model', true, true],
    ]);
  });

  it('activates, renames and deletes a model, announcing each change', async () => {
    const id = '20240101-000000-custom-aaaa';
    await call('setActiveModel', { id });
    expect((await models()).find((m) => m.id === id)?.active).toBe(true);
    await call('renameModel', { id, name: 'My first posterior' });
    expect((await models()).find((m) => m.id === id)?.name).toBe('My first posterior');
    await call('deleteModel', { id });
    expect((await models()).map((m) => m.id)).toEqual(['default-model']);
    expect(events).toEqual(['modelsChanged:active', 'modelsChanged:rename', 'modelsChanged:delete']);
  });

  it('refuses to delete or rename the built-in model', async () => {
    expect(await call('deleteModel', { id: 'default-model' })).toMatchObject({
      ok: false,
      error: { code: 'read_only' },
    });
    expect(await call('renameModel', { id: 'default-model', name: 'x' })).toMatchObject({ ok: false });
    expect(fs.existsSync(path.join(resources, 'default-model', 'model.json'))).toBe(true);
  });

  it('exports a model as a download and imports it back as a new model', async () => {
    const exported = await call('exportModel', { id: 'default-model', mode: 'download' });
    expect(exported).toMatchObject({
      ok: true,
      value: { mode: 'download', fileName: 'unsure-default-model.safetensors' },
    });
    const dataBase64 = exported.ok ? (exported.value as { dataBase64: string }).dataBase64 : '';
    const imported = await call('importModel', { fileName: 'x.safetensors', dataBase64 });
    expect(imported).toMatchObject({ ok: true, value: { preset: 'article', builtIn: false } });
    expect(await models()).toHaveLength(3);
  });

  it('refuses a corrupt import with a clear message and leaves the models as they were', async () => {
    const before = fs.readdirSync(path.join(root, 'models')).sort();
    const result = await call('importModel', {
      fileName: 'broken.safetensors',
      dataBase64: Buffer.from('not a posterior').toString('base64'),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'import_invalid' } });
    expect(!result.ok && result.error.message).toMatch(/^broken\.safetensors: /);
    expect(fs.readdirSync(path.join(root, 'models')).sort()).toEqual(before);
  });

  it('says a save dialog needs the desktop app', async () => {
    const result = await call('exportModel', { id: 'default-model', mode: 'dialog' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });
});

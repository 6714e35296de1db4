import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RUN_HISTORY_LIMIT } from '../../shared/api/train';
import type { ModelSummary } from '../../shared/model';
import type { Result } from '../../shared/result';
import { fakeMetrics, writeFakeModel, writeFakeModelDir } from '../engine/store/fixtures';
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

  it('exports a model as a file named after it and imports a changed copy as a new model', async () => {
    const exported = await call('exportModel', { id: 'default-model', mode: 'download' });
    expect(exported).toMatchObject({
      ok: true,
      value: { mode: 'download', fileName: 'Model-default-model.safetensors' },
    });
    const bytes = Buffer.from(
      exported.ok ? (exported.value as { dataBase64: string }).dataBase64 : '',
      'base64',
    );
    // The lowest mantissa byte of the last weight: another posterior, still a valid one.
    bytes[bytes.length - 4]! ^= 1;
    const imported = await call('importModel', { fileName: 'x.safetensors', data: bytes });
    expect(imported).toMatchObject({ ok: true, value: { preset: 'article', builtIn: false } });
    expect(await models()).toHaveLength(3);
  });

  it('refuses to import a posterior that is already there, naming the model that holds it', async () => {
    const exported = await call('exportModel', { id: USER_ID, mode: 'download' });
    const data = Buffer.from(
      exported.ok ? (exported.value as { dataBase64: string }).dataBase64 : '',
      'base64',
    );
    const result = await call('importModel', { fileName: 'again.safetensors', data });
    expect(result).toMatchObject({ ok: false, error: { code: 'already_imported' } });
    expect(!result.ok && result.error.message).toContain(`“Model ${USER_ID}”`);
    expect(await models()).toHaveLength(2);
  });

  it('refuses a corrupt import with a clear message and leaves the models as they were', async () => {
    const before = fs.readdirSync(path.join(root, 'models')).sort();
    const result = await call('importModel', {
      fileName: 'broken.safetensors',
      data: Buffer.from('not a posterior'),
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'import_invalid' } });
    // The renderer names the file; the reason alone comes back.
    expect(!result.ok && result.error.message).not.toContain('broken.safetensors');
    expect(fs.readdirSync(path.join(root, 'models')).sort()).toEqual(before);
  });

  it('says a save dialog needs the desktop app', async () => {
    const result = await call('exportModel', { id: 'default-model', mode: 'dialog' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });
});

const USER_ID = '20240101-000000-custom-aaaa';
const metricsFile = (dir: string): string => path.join(dir, 'metrics.json');
const userDir = (): string => path.join(root, 'models', USER_ID);
const history = (id: string): Promise<Result<unknown>> => call('modelHistory', { id });

describe('modelHistory', () => {
  it('returns the records of metrics.json, oldest first, and the final metrics of model.json', async () => {
    const result = await history(USER_ID);
    expect(result).toEqual({
      ok: true,
      value: { records: [fakeMetrics(100, 0.8), fakeMetrics(200, 0.9)], final: fakeMetrics(200, 0.9) },
    });
  });

  it('reads the built-in model from the resources folder', async () => {
    const records = [0, 50, 100].map((step) => fakeMetrics(step, step / 200));
    fs.writeFileSync(metricsFile(path.join(resources, 'default-model')), JSON.stringify(records));
    expect(await history('default-model')).toMatchObject({ ok: true, value: { records } });
  });

  it('keeps only the newest RUN_HISTORY_LIMIT records of a long history', async () => {
    const records = Array.from({ length: RUN_HISTORY_LIMIT + 5 }, (_, i) => fakeMetrics(i * 10, 0.5));
    fs.writeFileSync(metricsFile(userDir()), JSON.stringify(records));
    const result = await history(USER_ID);
    const got = result.ok ? (result.value as { records: { step: number }[] }).records : [];
    expect(got).toHaveLength(RUN_HISTORY_LIMIT);
    expect(got[0]?.step).toBe(50);
    expect(got.at(-1)?.step).toBe((RUN_HISTORY_LIMIT + 4) * 10);
  });

  it('returns an empty history for a model without metrics.json', async () => {
    fs.rmSync(metricsFile(userDir()));
    expect(await history(USER_ID)).toMatchObject({ ok: true, value: { records: [] } });
  });

  it('answers model_invalid for a corrupt metrics.json, user or built-in, without throwing', async () => {
    fs.writeFileSync(metricsFile(userDir()), '[{"step": 1, "tr');
    const user = await history(USER_ID);
    expect(user).toMatchObject({ ok: false, error: { code: 'model_invalid' } });
    expect(!user.ok && user.error.message).toContain('metrics.json');

    fs.writeFileSync(metricsFile(path.join(resources, 'default-model')), '{"not": "a history"}');
    const builtIn = await history('default-model');
    expect(builtIn).toMatchObject({ ok: false, error: { code: 'model_invalid' } });
    expect(!builtIn.ok && builtIn.error.message).toContain('metrics.json');
  });

  it('answers not_found for an unknown id and refuses an id that is not one', async () => {
    expect(await history('20990101-000000-none-ffff')).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await history('../default-model')).toMatchObject({ ok: false });
    expect(await history('')).toMatchObject({ ok: false });
  });
});

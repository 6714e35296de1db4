import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OodSetImages } from '../../shared/api/uncertainty';
import { dispatch, EventHub } from './dispatch';
import { createHandlers } from './handlers';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-ood-sets-'));
const handlers = createHandlers({
  appVersion: '0.0.0-test',
  transport: 'web',
  dataRoot: root,
  resourcesDir: root,
  events: new EventHub(),
  dialogs: null,
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const samples = path.resolve('resources', 'samples', 'not-digits');
const files = fs
  .readdirSync(samples)
  .slice(0, 3)
  .map((name) => ({ name, dataBase64: fs.readFileSync(path.join(samples, name)).toString('base64') }));

describe('user OOD sets', () => {
  it('shows a set’s images as the network sees them, named by file, then deletes the set', async () => {
    const added = await dispatch(handlers, 'addOodSet', [{ name: 'My shoes', files }]);
    const id = added.ok ? (added.value as { id: string }).id : '';
    expect(id).toMatch(/^user-my-shoes-/);

    const images = await dispatch(handlers, 'getOodSetImages', [{ id }]);
    expect(images.ok).toBe(true);
    const value = images.ok ? (images.value as OodSetImages) : null;
    expect(value?.name).toBe('My shoes');
    expect(value?.files).toEqual(files.map((f) => f.name).sort());
    expect(Buffer.from(value?.pixelsBase64 ?? '', 'base64')).toHaveLength(3 * 784);

    expect(await dispatch(handlers, 'deleteOodSet', [{ id }])).toEqual({ ok: true, value: { id } });
    expect(await dispatch(handlers, 'getOodSetImages', [{ id }])).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('refuses an id that is not a user set’s', async () => {
    for (const id of ['letters', 'user-../..', 'user-'])
      expect(await dispatch(handlers, 'deleteOodSet', [{ id }])).toMatchObject({ ok: false });
  });
});

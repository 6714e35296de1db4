// Adding a user's OOD set through the API: unsafe names are refused, refused files are not kept, and
// nothing half-built (a hidden temp folder) is left behind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from './dispatch';
import { testHandlers } from './test-handlers';
import { makeFifo } from '../engine/files/test-files';
import { drawGlyph, encodeGray } from '../engine/image/test-images';
import { readUserSets, safeFileName, userSetsDir } from '../engine/ood/user-sets';

let root: string;
let handlers: ReturnType<typeof testHandlers>;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-user-sets-'));
  handlers = testHandlers(root, path.join(root, 'resources'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

async function glyph(): Promise<string> {
  return (await encodeGray(drawGlyph(40, 40), 40, 40, 'png')).toString('base64');
}

/** Every entry under the sets folder, relative, so a stray file or temp folder shows. */
function tree(): string[] {
  const dir = userSetsDir(root);
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).sort();
}

describe('addOodSet', () => {
  it('refuses files named "..", "." or hidden, keeps no refused file, and leaves no temp folder', async () => {
    const png = await glyph();
    const files = [
      { name: '..', dataBase64: png },
      { name: '.', dataBase64: png },
      { name: 'dir/../..', dataBase64: png },
      { name: '.hidden.png', dataBase64: png },
      { name: 'broken.jpg', dataBase64: Buffer.from('not an image').toString('base64') },
      { name: 'seven.png', dataBase64: png },
    ];
    const added = await dispatch(handlers, 'addOodSet', [{ name: 'Scans', files }]);
    expect(added).toMatchObject({ ok: true, value: { added: 1 } });
    if (!added.ok) return;
    const value = added.value as { id: string; failures: { file: string; code: string }[] };
    expect(value.failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: '..', code: 'invalid_name' }),
        expect.objectContaining({ file: '.', code: 'invalid_name' }),
        expect.objectContaining({ file: 'dir/../..', code: 'invalid_name' }),
        expect.objectContaining({ file: '.hidden.png', code: 'invalid_name' }),
        expect.objectContaining({ file: 'broken.jpg' }),
      ]),
    );
    const folder = value.id.replace(/^user-/, '');
    expect(tree()).toEqual([folder, `${folder}/.name`, `${folder}/seven.png`]);
  });

  it('refuses a set named ".." or with control characters and writes nothing', async () => {
    const files = [{ name: 'seven.png', dataBase64: await glyph() }];
    for (const name of ['..', '\u001b[2J', ' - ']) {
      const result = await dispatch(handlers, 'addOodSet', [{ name, files }]);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_name' } });
    }
    expect(tree()).toEqual([]);
  });

  it('leaves no hidden temp folder when no file can be used', async () => {
    const files = [
      { name: 'a.jpg', dataBase64: Buffer.from('nope').toString('base64') },
      { name: '..', dataBase64: Buffer.from('nope').toString('base64') },
    ];
    const result = await dispatch(handlers, 'addOodSet', [{ name: 'Junk', files }]);
    expect(result.ok).toBe(false);
    expect(tree()).toEqual([]);
  });

  it('reads a set whose .name is a named pipe without waiting, under its folder name', async () => {
    const added = await dispatch(handlers, 'addOodSet', [
      { name: 'Scans', files: [{ name: 'seven.png', dataBase64: await glyph() }] },
    ]);
    if (!added.ok) throw new Error(added.error.message);
    const folder = (added.value as { id: string }).id.replace(/^user-/, '');
    fs.rmSync(path.join(userSetsDir(root), folder, '.name'));
    makeFifo(path.join(userSetsDir(root), folder, '.name'));
    expect((await readUserSets(root)).map((s) => s.name)).toEqual([folder]);
  });
});

describe('safeFileName', () => {
  it('keeps plain names and refuses dots, hidden names and empty ones', () => {
    expect(safeFileName('photo 1.png')).toBe('photo_1.png');
    expect(safeFileName('C:\\Users\\me\\scan.jpg')).toBe('scan.jpg');
    for (const name of ['..', '.', '', '.env', 'a/..', 'x/']) expect(safeFileName(name)).toBeNull();
  });
});

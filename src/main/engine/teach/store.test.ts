// The marked pictures' store: an entry holds the original bytes and the pixels a check prepares, is
// listed until deleted, and a damaged entry is skipped with a message instead of breaking the list.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { drawGlyph, encodeGray } from '../image/test-images';
import { prepareImage } from '../image/prepare';
import { deleteMarked, listMarked, markPicture, markedDir, markedOriginal, markedSet } from './store';
import { readTeachSnapshot, writeTeachSnapshot } from './snapshot';

let root: string;
let picture: Buffer;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'unsure-marked-'));
  picture = await encodeGray(drawGlyph(60, 60), 60, 60, 'png');
});
afterEach(() => fs.rm(root, { recursive: true, force: true }));

describe('marked pictures', () => {
  it('keeps the original and the prepared 28×28 of a check, and lists the entry', async () => {
    const marked = await markPicture(root, { name: 'dir/my-7.png', bytes: picture, label: 7 });
    expect(marked.ok).toBe(true);
    if (!marked.ok) return;
    expect(marked.value).toMatchObject({ label: 7, name: 'my-7.png' });
    expect(await markedOriginal(root, marked.value.id)).toEqual(picture);
    const prepared = await prepareImage(picture);
    if (!prepared.ok) throw new Error('the test picture does not prepare');
    const set = await markedSet(root);
    expect(set.labels).toEqual([7]);
    expect(Array.from(set.pixels)).toEqual(Array.from(prepared.value.pixels, (v) => Math.round(v * 255)));
    const list = await listMarked(root);
    expect(list.entries.map((e) => e.id)).toEqual([marked.value.id]);
    expect(list.skipped).toEqual([]);
  });

  it('writes only whole files: no temp file is left in the folder', async () => {
    await markPicture(root, { name: 'a.png', bytes: picture, label: null });
    const names = await fs.readdir(markedDir(root));
    expect(names).toHaveLength(3);
    expect(names.every((n) => /^m-[0-9a-z]+\.(json|original|u8)$/.test(n))).toBe(true);
  });

  it('refuses a picture that is no image, and a digit with no ink, storing nothing', async () => {
    const bad = await markPicture(root, { name: 'x.png', bytes: Buffer.from('not an image'), label: 3 });
    expect(bad.ok).toBe(false);
    const blank = await encodeGray(new Uint8Array(60 * 60).fill(255), 60, 60, 'png');
    const empty = await markPicture(root, { name: 'blank.png', bytes: blank, label: 3 });
    expect(empty).toMatchObject({ ok: false, error: { code: 'nothing_written' } });
    expect((await listMarked(root)).entries).toEqual([]);
  });

  it('deletes an entry and all its files; deleting again or a bad id is not_found', async () => {
    const a = await markPicture(root, { name: 'a.png', bytes: picture, label: 1 });
    const b = await markPicture(root, { name: 'b.png', bytes: picture, label: null });
    if (!a.ok || !b.ok) throw new Error('marking failed');
    expect(await deleteMarked(root, a.value.id)).toEqual({ ok: true, value: { id: a.value.id } });
    expect((await listMarked(root)).entries.map((e) => e.id)).toEqual([b.value.id]);
    expect((await fs.readdir(markedDir(root))).some((n) => n.startsWith(a.value.id))).toBe(false);
    expect(await deleteMarked(root, a.value.id)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await deleteMarked(root, '../models')).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('skips a damaged entry with a message and lists the others', async () => {
    const a = await markPicture(root, { name: 'a.png', bytes: picture, label: 1 });
    const b = await markPicture(root, { name: 'b.png', bytes: picture, label: 2 });
    if (!a.ok || !b.ok) throw new Error('marking failed');
    await fs.writeFile(path.join(markedDir(root), `${a.value.id}.json`), '{ "id": ');
    await fs.writeFile(path.join(markedDir(root), `${b.value.id}.u8`), Buffer.alloc(10));
    const c = await markPicture(root, { name: 'c.png', bytes: picture, label: 3 });
    const list = await listMarked(root);
    expect(list.entries.map((e) => e.label)).toEqual([3]);
    expect(list.skipped.map((s) => s.id).sort()).toEqual([a.value.id, b.value.id].sort());
    expect(list.skipped.find((s) => s.id === b.value.id)?.message).toMatch(/10 bytes/);
    expect(c.ok).toBe(true);
    expect((await markedSet(root)).labels).toEqual([3]);
  });

  it('snapshots the set into a model folder that later edits do not change', async () => {
    await markPicture(root, { name: 'a.png', bytes: picture, label: 7 });
    await markPicture(root, { name: 'b.png', bytes: picture, label: null });
    const set = await markedSet(root);
    const modelDir = path.join(root, 'model');
    await fs.mkdir(modelDir);
    writeTeachSnapshot(modelDir, set);
    await deleteMarked(root, set.ids[0]!);
    expect(readTeachSnapshot(modelDir)).toEqual(set);
    expect(() => writeTeachSnapshot(modelDir, { ids: [], labels: [], pixels: new Uint8Array() })).toThrow(
      /no marked pictures/,
    );
  });
});

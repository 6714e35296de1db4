import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { centreOfMass } from '../image/pixels';
import { encodeGray, drawGlyph } from '../image/test-images';
import { loadImageFolder, loadOodSet, loadOodSets, readOodManifest } from './sets';

const SHIPPED = path.join(process.cwd(), 'resources', 'ood');
let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-ood-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('shipped out-of-distribution sets', () => {
  it('lists letters (upper and lower), noise and shapes with fonts and licences', () => {
    const manifest = readOodManifest(SHIPPED);
    if (!manifest.ok) throw new Error(manifest.error.message);
    expect(manifest.value.sets.map((s) => s.id)).toEqual(['letters', 'letters-lower', 'noise', 'shapes']);
    expect(manifest.value.fonts.length).toBeGreaterThanOrEqual(10);
    expect(manifest.value.fonts.every((f) => f.licence.length > 0)).toBe(true);
  });

  it('loads every set in MNIST format: [0, 1] pixels, ink centred by mass for the drawn ones', () => {
    const sets = loadOodSets(SHIPPED);
    if (!sets.ok) throw new Error(sets.error.message);
    for (const set of sets.value) {
      expect(set.pixels).toHaveLength(set.count * 784);
      expect(Math.max(...set.pixels.subarray(0, 784 * 20))).toBeLessThanOrEqual(1);
      if (set.id === 'noise') continue;
      for (let i = 0; i < set.count; i += 7) {
        const com = centreOfMass({
          width: 28,
          height: 28,
          data: set.pixels.subarray(i * 784, (i + 1) * 784),
        })!;
        expect(Math.abs(com.x - 14.5), `${set.id} #${i}`).toBeLessThan(1);
        expect(Math.abs(com.y - 14.5), `${set.id} #${i}`).toBeLessThan(1);
      }
    }
    const letters = sets.value.find((s) => s.id === 'letters')!;
    expect(letters.labelNames[letters.labels[1]!]).toBe('B');
  });

  it('refuses a set whose bytes do not match the checksum, and unknown ids', () => {
    const copy = path.join(tmp, 'tampered');
    fs.cpSync(SHIPPED, copy, { recursive: true });
    const manifest = JSON.parse(fs.readFileSync(path.join(copy, 'manifest.json'), 'utf8')) as {
      sets: { sha256: string }[];
    };
    manifest.sets[0]!.sha256 = '0'.repeat(64);
    fs.writeFileSync(path.join(copy, 'manifest.json'), JSON.stringify(manifest));
    expect(loadOodSet('letters', copy)).toMatchObject({ ok: false, error: { code: 'corrupt_set' } });
    expect(loadOodSet('noise', copy).ok).toBe(true);
    expect(loadOodSet('elephants', copy)).toMatchObject({ ok: false, error: { code: 'unknown_set' } });
  });

  it('refuses a truncated file and a missing folder with codes', () => {
    const copy = path.join(tmp, 'truncated');
    fs.cpSync(SHIPPED, copy, { recursive: true });
    const file = path.join(copy, 'noise-images-idx3-ubyte.gz');
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 1000));
    expect(loadOodSet('noise', copy)).toMatchObject({ ok: false, error: { code: 'corrupt_set' } });
    expect(loadOodSets(path.join(tmp, 'nowhere'))).toMatchObject({
      ok: false,
      error: { code: 'ood_missing' },
    });
  });
});

describe('a user folder as a set', () => {
  it('keeps the usable images and lists the refused ones', async () => {
    const folder = path.join(tmp, 'mine');
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, 'a.png'), await encodeGray(drawGlyph(100, 120), 100, 120, 'png'));
    fs.writeFileSync(path.join(folder, 'b.jpg'), await encodeGray(drawGlyph(300, 200), 300, 200, 'jpeg'));
    fs.writeFileSync(path.join(folder, 'notes.txt'), 'not an image');
    fs.writeFileSync(path.join(folder, '.hidden.png'), 'skipped');
    fs.mkdirSync(path.join(folder, 'sub'));
    const result = await loadImageFolder(folder);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.set.count).toBe(2);
    expect(result.value.set.labelNames).toEqual(['a.png', 'b.jpg']);
    expect(result.value.failures.map((f) => [f.file, f.error.code])).toEqual([
      ['notes.txt', 'unsupported_format'],
    ]);
  });

  it('gives coded errors for a missing folder, a file, and a folder with nothing usable', async () => {
    expect(await loadImageFolder(path.join(tmp, 'absent'))).toMatchObject({
      ok: false,
      error: { code: 'unreadable' },
    });
    const file = path.join(tmp, 'file.txt');
    fs.writeFileSync(file, 'x');
    expect(await loadImageFolder(file)).toMatchObject({ ok: false, error: { code: 'not_a_folder' } });
    const empty = path.join(tmp, 'empty');
    fs.mkdirSync(empty);
    expect(await loadImageFolder(empty)).toMatchObject({ ok: false, error: { code: 'empty_set' } });
  });
});

// `unsure mark`, `unsure marked`, `unsure marked delete` and `unsure train --teach` on the real engine.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drawGlyph, encodeGray } from '../engine/image/test-images';
import { TEACH_FILE, readTeachSnapshot } from '../engine/teach/snapshot';
import { runCliCapturing } from './test-cli';
import { trainRequestFromFlags } from './train-options';
import { engineServices } from './wiring';
import { PRESETS } from '../engine/train/presets';

let home: string;
beforeAll(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'unsure-teach-cli-'));
  await fs.writeFile(path.join(home, 'seven.png'), await encodeGray(drawGlyph(60, 60), 60, 60, 'png'));
  await fs.writeFile(path.join(home, 'notes.txt'), 'not a picture');
});
afterAll(() => fs.rm(home, { recursive: true, force: true }));

const run = (...argv: string[]) =>
  runCliCapturing(argv, engineServices(), { env: { UNSURE_HOME: path.join(home, 'data') }, cwd: home });

describe('unsure mark / marked', () => {
  it('marks pictures, lists them, refuses a non-picture, deletes one', async () => {
    const marked = await run('mark', '--label', '7', 'seven.png', 'notes.txt');
    expect(marked.code).toBe(1);
    expect(marked.out).toMatch(/^seven\.png: marked as 7 \(m-[0-9a-z]+\)\n$/);
    expect(marked.err).toMatch(/notes\.txt: .*not an image/);
    expect((await run('mark', '--label', 'none', 'seven.png')).out).toMatch(/marked as not a digit/);

    const listed = await run('marked', '--json');
    expect(listed.code).toBe(0);
    const { entries } = JSON.parse(listed.out) as { entries: { id: string; label: number | null }[] };
    expect(entries.map((e) => e.label)).toEqual([7, null]);
    expect((await run('marked')).out).toContain('not a digit');

    const deleted = await run('marked', 'delete', entries[0]!.id);
    expect(deleted).toMatchObject({ code: 0, out: `deleted ${entries[0]!.id}\n` });
    const after = JSON.parse((await run('marked', '--json')).out) as { entries: { id: string }[] };
    expect(after.entries.map((e) => e.id)).toEqual([entries[1]!.id]);
    expect((await run('marked', 'delete', entries[0]!.id)).code).toBe(1);
  });

  it('refuses a label that is neither a digit nor "none", and an unknown action', async () => {
    const bad = await run('mark', '--label', '12', 'seven.png');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--label expects a digit 0–9 or "none"/);
    expect((await run('marked', 'remove', 'm-1')).code).toBe(2);
  });

  it('train --teach sets config.teach', () => {
    expect(trainRequestFromFlags({ preset: 'fast', teach: true }, PRESETS).config.teach).toBe(true);
    expect(trainRequestFromFlags({ preset: 'fast' }, PRESETS).config.teach).toBe(false);
  });

  it('a taught run copies the marked set into its model folder', async () => {
    await run('mark', '--label', '3', 'seven.png');
    const trained = await run(
      'train',
      '--preset',
      'fast',
      '--hidden',
      '8',
      '--steps',
      '2',
      '--log-every',
      '1',
      '--checkpoint-every',
      '1',
      '--train-eval-size',
      '100',
      '--teach',
      '--json',
    );
    // Two steps do not learn (the run ends as near chance); the snapshot is taken at its start.
    const done = JSON.parse(trained.out.trim().split('\n').at(-1)!) as { model: string };
    const snapshot = readTeachSnapshot(done.model);
    expect(snapshot.labels).toEqual([null, 3]);
    expect(await fs.stat(path.join(done.model, TEACH_FILE))).toBeTruthy();
  });
});

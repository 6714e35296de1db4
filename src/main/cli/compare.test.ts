// `unsure compare` on the real engine with two small models: the JSON parses with the shared schema
// and holds every figure for every model, shipped set and user folder; the table names them too.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelComparison } from '../../shared/api/compare';
import { SCORE_NAMES } from '../../shared/uncertainty/scores';
import { drawGlyph, encodeGray } from '../engine/image/test-images';
import { writeFakeModel } from '../engine/store/fixtures';
import { runCliCapturing } from './test-cli';
import { engineServices } from './wiring';

let home: string;

/** A pen glyph on white paper, a small photo-like picture. */
async function writePicture(file: string): Promise<void> {
  await fs.writeFile(file, await encodeGray(drawGlyph(60, 60), 60, 60, 'png'));
}

beforeAll(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'unsure-compare-'));
  await writeFakeModel(path.join(home, 'data'), { id: 'small', hidden: [8] });
  await writeFakeModel(path.join(home, 'data'), { id: 'wider', hidden: [16], seed: 2 });
  // The shipped sets, and small pictures in place of the shipped photos, so verdicts are quick to time.
  await fs.cp(path.resolve('resources', 'ood'), path.join(home, 'resources', 'ood'), { recursive: true });
  const photos = path.join(home, 'resources', 'samples', 'digits-on-paper');
  await fs.mkdir(photos, { recursive: true });
  for (const name of ['a.png', 'b.png', 'c.png']) await writePicture(path.join(photos, name));
  await fs.mkdir(path.join(home, 'mine'));
  await writePicture(path.join(home, 'mine', 'box.png'));
  await fs.writeFile(path.join(home, 'mine', 'notes.txt'), 'not a picture');
});
afterAll(() => fs.rm(home, { recursive: true, force: true }));

const run = (...argv: string[]) =>
  runCliCapturing(argv, engineServices(), {
    env: { UNSURE_HOME: path.join(home, 'data'), UNSURE_RESOURCES: path.join(home, 'resources') },
    cwd: home,
  });

describe('unsure compare', () => {
  it('prints one JSON object the shared schema parses, every figure for every model and set', async () => {
    const { code, out, err } = await run(
      'compare',
      'small',
      'wider',
      '--samples',
      '2',
      '--ood-dir',
      'mine',
      '--json',
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    const c = ModelComparison.parse(JSON.parse(out));
    expect(c.samples).toBe(2);
    expect(c.models.map((m) => m.id)).toEqual(['small', 'wider']);
    expect(c.sets.map((s) => s.kind)).toEqual([...c.sets.slice(0, -1).map(() => 'shipped'), 'folder']);
    expect(c.sets.map((s) => s.id)).toEqual(expect.arrayContaining(['letters', 'noise']));
    expect(c.sets.at(-1)).toMatchObject({ name: 'mine', count: 1 });
    for (const m of c.models) {
      expect(m).toMatchObject({
        family: 'mfvi',
        arch: 'mlp',
        members: 1,
        score: 'std',
        trainingSeconds: 0.2,
      });
      expect(m.test.count).toBe(10000);
      expect(m.test.nll).toBeGreaterThan(0);
      expect(m.verdictMs).toBeGreaterThan(0);
      expect(m.thresholds.std).toBe(0.3);
      expect(m.sets).toHaveLength(c.sets.length);
      for (const name of SCORE_NAMES) {
        expect(m.test.histograms[name]).toHaveLength(c.edges[name].length - 1);
        expect(m.test.histograms[name].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
        for (const set of m.sets) {
          expect(set.scores[name].refused).toBeGreaterThanOrEqual(0);
          expect(set.scores[name].histogram).toHaveLength(c.edges[name].length - 1);
        }
      }
    }
  });

  it('prints a table with a column per model and the figures as rows', async () => {
    const { code, out } = await run('compare', 'small', 'wider', '--samples', '1');
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^model\s+small\s+wider$/);
    for (const label of [
      'test accuracy',
      'NLL (nats)',
      'ECE (15 bins)',
      'training time (s)',
      'verdict latency',
    ])
      expect(lines.some((l) => l.startsWith(label))).toBe(true);
    expect(out).toMatch(/^ {2}entropy AUROC\s+\d\.\d{4}\s+\d\.\d{4}$/m);
    expect(out).toMatch(/^ {2}std refused\s+\d+\.\d%\s+\d+\.\d%$/m);
  });

  it('refuses a model that does not exist, with one line and exit code 1', async () => {
    const { code, err } = await run('compare', 'small', 'nowhere', '--json');
    expect(code).toBe(1);
    expect(err).toMatch(/^unsure: no model folder or id "nowhere"\n$/);
  });
});

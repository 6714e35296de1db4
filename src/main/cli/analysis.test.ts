// check/eval on the real engine (image preparation, posterior sampling, scores) with a small model.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFakeModel } from '../engine/store/fixtures';
import { loadModel, type LoadedModel } from '../engine/store';
import { checkFiles, evaluateModel } from './analysis';
import type { CheckLine } from './services';

let dir: string;
let model: LoadedModel;

/** A dark stroke on white paper, like a photo of a pen digit. */
async function writeDigit(file: string): Promise<void> {
  const raw = Buffer.alloc(60 * 60, 255);
  for (let y = 10; y < 50; y++) for (let x = 27; x < 33; x++) raw[y * 60 + x] = 20;
  await sharp(raw, { raw: { width: 60, height: 60, channels: 1 } })
    .png()
    .toFile(file);
}

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'unsure-analysis-'));
  model = await loadModel(await writeFakeModel(dir, { id: 'm', hidden: [8] }));
  await writeDigit(path.join(dir, 'one.png'));
  await fs.writeFile(path.join(dir, 'notes.txt'), 'not an image');
  await fs.mkdir(path.join(dir, 'ood'));
  await writeDigit(path.join(dir, 'ood', 'a.png'));
  await fs.writeFile(path.join(dir, 'ood', 'junk.bin'), Buffer.from([1, 2, 3]));
});
afterAll(() => fs.rm(dir, { recursive: true, force: true }));

describe('checkFiles', () => {
  it('answers a picture with nothing written as a verdict, not a digit and not accepted', async () => {
    const blank = path.join(dir, 'blank.png');
    await sharp(Buffer.alloc(80 * 60, 246), { raw: { width: 80, height: 60, channels: 1 } })
      .png()
      .toFile(blank);
    const lines: CheckLine[] = [];
    const options = { samples: 8, score: 'max_prob' as const, backend: 'cpu' as const };
    await checkFiles(model, [blank, path.join(dir, 'one.png')], {
      ...options,
      onResult: (l) => lines.push(l),
    });
    const [empty, digit] = lines;
    expect(empty).toMatchObject({ ok: true, verdict: 'reject', reason: 'nothing_written' });
    expect(digit).toMatchObject({ ok: true });
    expect(digit).not.toHaveProperty('reason');
  });

  it('gives one line per file in order, verdicts consistent with score and threshold', async () => {
    const lines: CheckLine[] = [];
    const files = ['one.png', 'notes.txt', 'missing.png', 'one.png'].map((f) => path.join(dir, f));
    await checkFiles(model, files, {
      samples: 8,
      score: 'max_prob',
      backend: 'cpu',
      onResult: (l) => lines.push(l),
    });
    expect(lines.map((l) => [path.basename(l.file), l.ok])).toEqual([
      ['one.png', true],
      ['notes.txt', false],
      ['missing.png', false],
      ['one.png', true],
    ]);
    const [first, bad, missing, again] = lines;
    if (!first?.ok || !again?.ok || bad?.ok !== false || missing?.ok !== false)
      throw new Error('unexpected lines');
    expect(bad.error.code).toBe('unsupported_format');
    expect(missing.error.code).toBe('unreadable');
    expect(first.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(first.prediction).toBe(first.probabilities.indexOf(Math.max(...first.probabilities)));
    expect(first.score).toBeCloseTo(1 - first.scores.max_prob, 6);
    expect(first.threshold).toBe(0.25);
    expect(first.verdict).toBe(first.score > 0.25 ? 'reject' : 'accept');
    expect(again.probabilities).toEqual(first.probabilities); // same seed, same input, same answer
  });
});

describe('evaluateModel', () => {
  it('reports test accuracy, the threshold operating point and OOD metrics per score', async () => {
    const report = await evaluateModel(model, {
      samples: 2,
      oodDirs: [path.join(dir, 'ood')],
      backend: 'cpu',
    });
    expect(report.test.count).toBe(10000);
    expect(report.test.accuracy).toBeGreaterThanOrEqual(0);
    expect(report.threshold).toMatchObject({ score: 'std', value: 0.3 });
    expect(report.ood).toHaveLength(1);
    expect(report.ood[0]).toMatchObject({ count: 1, skipped: 1 });
    expect(Object.keys(report.ood[0]!.metrics).sort()).toEqual([
      'entropy',
      'max_prob',
      'mutual_information',
      'std',
    ]);
  });
});

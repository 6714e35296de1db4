// `unsure read --json` and `unsure check` on photos of numbers, through the CLI's parsing and output with
// the real engine (image preparation, digit segmentation, posterior sampling) and a small model.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFakeModel } from '../engine/store/fixtures';
import { numberPhoto } from '../engine/image/number-photos';
import { runCliCapturing } from './test-cli';
import { engineServices } from './wiring';

let home: string;
let model: string;

beforeAll(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'unsure-read-'));
  model = await writeFakeModel(home, { id: 'm', hidden: [8] });
  const photo = { paper: 'plain' as const, pen: 18, colour: '#111111', touching: false, seed: 3 };
  await fs.writeFile(path.join(home, '2024.jpg'), await numberPhoto({ ...photo, text: '2024' }));
  await fs.writeFile(path.join(home, '7.jpg'), await numberPhoto({ ...photo, text: '7' }));
});
afterAll(() => fs.rm(home, { recursive: true, force: true }));

const run = (...argv: string[]) =>
  runCliCapturing(argv, engineServices(), {
    env: { UNSURE_HOME: home },
    cwd: home,
  });

describe('unsure read', () => {
  it('reads a photo of 2024 as four digits, left to right, each with its box and verdict', async () => {
    const { code, out, err } = await run(
      'read',
      '--json',
      '--samples',
      '8',
      '--backend',
      'cpu',
      '--model',
      model,
      '2024.jpg',
      '7.jpg',
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    const [number, single] = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(number).toMatchObject({ file: '2024.jpg', ok: true });
    const digits = number!.digits as {
      box: { left: number; width: number };
      prediction: number;
      verdict: string;
      outcome: string;
    }[];
    expect(digits).toHaveLength(4);
    expect(number!.text).toBe(
      digits.map((d) => (d.verdict === 'accept' ? String(d.prediction) : '?')).join(''),
    );
    for (let k = 1; k < 4; k++)
      expect(digits[k]!.box.left).toBeGreaterThanOrEqual(digits[k - 1]!.box.left + digits[k - 1]!.box.width);
    // Each digit carries every field of a single-digit verdict (outcome, set, parts, votes…) and its box.
    expect(Object.keys(digits[0]!)).toEqual(
      expect.arrayContaining(['prediction', 'verdict', 'outcome', 'set', 'box']),
    );
    for (const d of digits) expect(d.verdict === 'accept').toBe(d.outcome === 'accept');
    expect((single!.digits as unknown[]).length).toBe(1);
  });

  it('makes `check` answer "several digits" for the number, never a single-digit accept', async () => {
    const json = await run(
      'check',
      '--json',
      '--samples',
      '8',
      '--backend',
      'cpu',
      '--model',
      model,
      '2024.jpg',
      '7.jpg',
    );
    const [number, single] = json.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(number).toMatchObject({ ok: true, verdict: 'reject', reason: 'several_digits' });
    expect(single).not.toHaveProperty('reason');
    const text = await run('check', '--samples', '8', '--backend', 'cpu', '--model', model, '2024.jpg');
    expect(text.out).toMatch(/^2024\.jpg: several digits: .*`unsure read 2024\.jpg`/);
  });
});

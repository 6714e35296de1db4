// From a folder of the user's pictures to a trained model, in the CLI on the real engine: the
// imported dataset is found by name when training, and the model records it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { loadModel } from '../engine/store';
import { runCliCapturing } from './test-cli';
import { engineServices } from './wiring';

let home: string;
beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-cli-dataset-train-'));
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

const run = (...argv: string[]) =>
  runCliCapturing(argv, engineServices(), { env: { UNSURE_HOME: path.join(home, 'data') }, cwd: home });

describe('unsure train --dataset on an imported folder', () => {
  it('trains on the imported dataset and records its classes and shape in the model', async () => {
    // Two classes anyone can tell apart: dark and light pictures, a little noise in each.
    for (const [name, level] of [
      ['dark', 30],
      ['light', 225],
    ] as const) {
      await fs.promises.mkdir(path.join(home, 'shapes', name), { recursive: true });
      for (let k = 0; k < 14; k++) {
        const pixels = Buffer.from(
          Array.from({ length: 144 }, (_, i) => level + ((i * 7 + k * 13) % 21) - 10),
        );
        await sharp(pixels, { raw: { width: 12, height: 12, channels: 1 } })
          .png()
          .toFile(path.join(home, 'shapes', name, `${k}.png`));
      }
    }
    expect((await run('data', 'import', '--name', 'shapes', 'shapes')).code).toBe(0);
    const out = path.join(home, 'models');
    const trained = await run(
      'train',
      '--dataset',
      'shapes',
      '--family',
      'point',
      '--arch',
      'mlp',
      '--hidden',
      '8',
      '--steps',
      '60',
      '--lr',
      '0.01',
      '--batch',
      '8',
      '--log-every',
      '60',
      '--checkpoint-every',
      '60',
      '--out',
      out,
      '--json',
    );
    expect(trained.code, trained.out + trained.err).toBe(0);
    const done = trained.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { done?: boolean; model?: string })
      .find((l) => l.done);
    const model = await loadModel(done!.model!);
    expect(model.meta.dataset).toMatchObject({
      name: 'shapes',
      classNames: ['dark', 'light'],
      shape: { height: 12, width: 12, channels: 1, classes: 2 },
    });
  }, 120_000);

  it('refuses a dataset that was never imported, with one line', async () => {
    const missing = await run('train', '--dataset', 'nowhere', '--steps', '2');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nowhere/);
  });
});

// A new run that starts from a finished model's network (runTraining's startFrom): a teach run
// continues the model it corrects instead of training its recipe again from scratch.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainConfigInput } from '../../../shared/training';
import { readMetricsSync, readModelJson } from '../store/model-folder';
import { runTraining } from './trainer';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-start-from-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const point: TrainConfigInput = {
  preset: 'test',
  family: 'point',
  hidden: [16],
  steps: 60,
  batchSize: 32,
  logEvery: 20,
  checkpointEvery: 20,
  trainEvalSize: 100,
  evalSamples: 1,
  seed: 5,
};

const testAccuracy = (dir: string, step: number) =>
  readMetricsSync(dir, Infinity).find((m) => m.step === step)!.test.accuracy;

/** A finished run of `config`, and a 20-step run of the same recipe started from it. */
async function continued(config: TrainConfigInput) {
  const base = await runTraining({ config, modelsDir: root });
  const next = await runTraining({
    config: { ...config, steps: 20 },
    modelsDir: root,
    startFrom: base.modelDir!,
  });
  return { base, next };
}

describe('a run started from a finished model', () => {
  it("begins at that model's network: its first evaluation is the model's last, and model.json names it", async () => {
    const base = await runTraining({ config: point, modelsDir: root });
    expect(base.status).toBe('complete');
    const scratch = await runTraining({ config: { ...point, steps: 20, seed: 6 }, modelsDir: root });
    const next = await runTraining({
      config: { ...point, steps: 20, seed: 6 },
      modelsDir: root,
      startFrom: base.modelDir!,
    });
    expect(next.status).toBe('complete');
    // A point network predicts without sampling: the same weights give the same test accuracy.
    expect(testAccuracy(next.modelDir!, 0)).toBe(testAccuracy(base.modelDir!, 60));
    expect(testAccuracy(scratch.modelDir!, 0)).toBeLessThan(0.3);
    const meta = readModelJson(next.modelDir!);
    expect(meta.startedFrom).toEqual({
      id: path.basename(base.modelDir!),
      name: readModelJson(base.modelDir!).name,
    });
    expect(readModelJson(scratch.modelDir!).startedFrom).toBeUndefined();
  });

  it('starts a mean-field network too, with a fresh optimiser', async () => {
    const { base, next } = await continued({ ...point, family: 'mfvi', steps: 40, evalSamples: 10 });
    expect(next.status).toBe('complete');
    // Sampled predictions: the same posterior reads within a few points under other draws.
    expect(Math.abs(testAccuracy(next.modelDir!, 0) - testAccuracy(base.modelDir!, 40))).toBeLessThan(0.05);
  });

  it('starts every member of an ensemble of Laplace networks (the built-in recipe) from its own', async () => {
    const { base, next } = await continued({
      ...point,
      family: 'laplace',
      members: 2,
      steps: 40,
      evalSamples: 4,
    });
    expect(base.status).toBe('complete');
    expect(next.status).toBe('complete');
    // The refitted heads draw anew; the members' networks are the model's, so within a point or two.
    expect(Math.abs(testAccuracy(next.modelDir!, 0) - testAccuracy(base.modelDir!, 40))).toBeLessThan(0.02);
  });

  it('is refused, leaving no folder, from another network or from a run that did not complete', async () => {
    const base = await runTraining({ config: point, modelsDir: root });
    const before = fs.readdirSync(root).length;
    const wider = await runTraining({
      config: { ...point, hidden: [32] },
      modelsDir: root,
      startFrom: base.modelDir!,
    });
    expect(wider.status).toBe('failed');
    expect(wider.error).toMatchObject({ code: 'bad_request' });
    expect(wider.error!.message).toMatch(/network is not this recipe's \(hidden \[16\]\)/);
    const abort = new AbortController();
    const stopped = await runTraining({
      config: point,
      modelsDir: root,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.step >= 20) abort.abort();
      },
    });
    expect(stopped.status).toBe('stopped');
    const after = fs.readdirSync(root).length;
    const fromStopped = await runTraining({ config: point, modelsDir: root, startFrom: stopped.modelDir! });
    expect(fromStopped.error!.message).toMatch(/did not complete/);
    expect(fs.readdirSync(root).length).toBe(after);
    expect(after).toBe(before + 1);
  });
});

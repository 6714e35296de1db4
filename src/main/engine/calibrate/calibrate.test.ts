import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelMeta } from '../../../shared/model';
import { SCORE_NAMES, type ScoreName } from '../../../shared/uncertainty';
import { writeFakeModelDir } from '../store/fixtures';
import { runTraining } from '../train/trainer';
import { loadBackend } from '../backend';
import { outcomeCalibrationOf, StoredOutcomeCalibration } from '../outcomes/calibrate';
import { loadModel } from '../store';
import { calibrateModelDir, chooseScore, type ScoreOodMetrics } from '.';

const metrics = (auroc: number): ScoreOodMetrics => ({ auroc, aupr: 0, fpr95: 0, rejected: 0 });
const perScore = (aurocs: number[]) =>
  Object.fromEntries(SCORE_NAMES.map((n, i) => [n, metrics(aurocs[i]!)])) as Record<
    ScoreName,
    ScoreOodMetrics
  >;

describe('chooseScore', () => {
  it('picks the best mean AUROC over the letter sets and ignores the others', () => {
    const choice = chooseScore({
      letters: perScore([0.8, 0.9, 0.7, 0.85]),
      'letters-lower': perScore([0.8, 0.8, 0.7, 0.9]),
      noise: perScore([1, 0, 0, 0]),
    });
    expect(choice).toBe('max_prob');
  });

  it('falls back to entropy without letter sets', () => {
    expect(chooseScore({ noise: perScore([0.9, 0.1, 0.9, 0.9]) })).toBe('entropy');
  });
});

describe('calibrateModelDir', () => {
  const tmp = fs.mkdtemp(path.join(os.tmpdir(), 'unsure-cal-'));
  afterAll(async () => fs.rm(await tmp, { recursive: true, force: true }));

  // A model that learned something (random weights sit at chance, which calibration refuses).
  let trained = '';
  beforeAll(async () => {
    const config = { preset: 'cal', hidden: [8], steps: 60, logEvery: 60, checkpointEvery: 60, seed: 3 };
    const out = await runTraining({ config, modelsDir: path.join(await tmp, 'trained') });
    expect(out.status).toBe('complete');
    trained = out.modelDir!;
  }, 60_000);
  const trainedCopy = async (name: string): Promise<{ dir: string; before: ModelMeta }> => {
    const dir = path.join(await tmp, name);
    await fs.cp(trained, dir, { recursive: true });
    return {
      dir,
      before: ModelMeta.parse(JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8'))),
    };
  };

  it('stores thresholds for every score, the test operating point and OOD metrics in model.json', async () => {
    const { dir, before } = await trainedCopy('m');
    const cal = await calibrateModelDir(dir, { samples: 4, score: 'entropy' });
    const saved = ModelMeta.parse(JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8')));
    expect(saved.name).toBe(before.name);
    expect(saved.calibration?.score).toBe('entropy');
    expect(saved.calibration?.threshold).toBe(cal.thresholds.entropy);
    expect(Object.keys(cal.thresholds).sort()).toEqual([...SCORE_NAMES].sort());
    // The 99th percentile rejects about 1% of the test set (ties can only lower it).
    expect(cal.rejectionRate).toBeLessThanOrEqual(0.0101);
    expect(cal.testCount).toBe(10000);
    expect(Object.keys(cal.ood)).toEqual(expect.arrayContaining(['letters', 'noise']));
    for (const set of Object.values(cal.ood)) {
      expect(set.auroc).toBe(set.scores.entropy.auroc);
      expect(set.rejected).toBeGreaterThanOrEqual(0);
    }
    // The outcome rule's calibration, fitted on the held-out digits, is stored with the rest (this
    // config holds none out, so its coverage is flagged optimistic).
    const outcomes = StoredOutcomeCalibration.parse(saved.calibration?.outcomes);
    expect(outcomes).toEqual(cal.outcomes);
    expect(outcomes).toMatchObject({
      coverage: 0.99,
      calibrationDigits: 5000,
      seenInTraining: true,
      samples: 4,
    });
    expect(outcomes.quantile).toBeGreaterThan(0);
    expect(outcomes.auroc.aleatoric).not.toBeNull();
  }, 60_000);

  it('fits the outcome calibration on demand for a model calibrated before it existed', async () => {
    const { dir } = await trainedCopy('o');
    await calibrateModelDir(dir, { samples: 2, oodDir: null });
    const file = path.join(dir, 'model.json');
    const meta = JSON.parse(await fs.readFile(file, 'utf8')) as { calibration: Record<string, unknown> };
    delete meta.calibration.outcomes;
    await fs.writeFile(file, JSON.stringify(meta));
    const model = await loadModel(dir);
    const { tf } = await loadBackend();
    const fitted = await outcomeCalibrationOf(tf, model);
    expect(fitted).toMatchObject({ coverage: 0.99, calibrationDigits: 5000, samples: 2 });
    expect(Number.isFinite(fitted.limit)).toBe(true);
    // Kept for the process: the same object the next time.
    expect(await outcomeCalibrationOf(tf, model)).toBe(fitted);
  }, 60_000);

  it('still calibrates when the OOD sets are missing, and says why', async () => {
    const { dir } = await trainedCopy('n');
    const cal = await calibrateModelDir(dir, { samples: 2, oodDir: path.join(dir, 'none') });
    expect(cal.ood).toEqual({});
    expect(cal.score).toBe('entropy');
    expect((cal as { oodUnavailable?: string }).oodUnavailable).toMatch(/out-of-distribution/);
  }, 60_000);

  it('refuses a model that guesses (test accuracy below twice chance) and leaves it untouched', async () => {
    const dir = path.join(await tmp, 'g');
    await writeFakeModelDir(dir, { id: 'g', hidden: [8] });
    const text = await fs.readFile(path.join(dir, 'model.json'), 'utf8');
    await expect(calibrateModelDir(dir, { samples: 2, oodDir: null })).rejects.toMatchObject({
      code: 'near_chance',
    });
    expect(await fs.readFile(path.join(dir, 'model.json'), 'utf8')).toBe(text);
  }, 60_000);

  it('refuses a model that is still training and leaves it untouched', async () => {
    const dir = path.join(await tmp, 't');
    await writeFakeModelDir(dir, { id: 't', hidden: [8] });
    const file = path.join(dir, 'model.json');
    const meta = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
    await fs.writeFile(file, JSON.stringify({ ...meta, status: 'training', calibration: null }));
    const text = await fs.readFile(file, 'utf8');
    await expect(calibrateModelDir(dir, { samples: 2 })).rejects.toThrow(/training/);
    expect(await fs.readFile(file, 'utf8')).toBe(text);
  });
});

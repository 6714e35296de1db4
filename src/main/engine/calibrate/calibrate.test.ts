import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelMeta } from '../../../shared/model';
import { SCORE_NAMES, type ScoreName } from '../../../shared/uncertainty';
import { writeFakeModelDir } from '../store/fixtures';
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

  it('stores thresholds for every score, the test operating point and OOD metrics in model.json', async () => {
    const dir = path.join(await tmp, 'm');
    const before = await writeFakeModelDir(dir, { id: 'm', hidden: [8] });
    const cal = await calibrateModelDir(dir, { samples: 4, backend: 'cpu', score: 'entropy' });
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
  }, 60_000);

  it('still calibrates when the OOD sets are missing, and says why', async () => {
    const dir = path.join(await tmp, 'n');
    await writeFakeModelDir(dir, { id: 'n', hidden: [8] });
    const cal = await calibrateModelDir(dir, { samples: 2, backend: 'cpu', oodDir: path.join(dir, 'none') });
    expect(cal.ood).toEqual({});
    expect(cal.score).toBe('entropy');
    expect((cal as { oodUnavailable?: string }).oodUnavailable).toMatch(/out-of-distribution/);
  }, 60_000);

  it('refuses a model that is still training and leaves it untouched', async () => {
    const dir = path.join(await tmp, 't');
    await writeFakeModelDir(dir, { id: 't', hidden: [8] });
    const file = path.join(dir, 'model.json');
    const meta = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
    await fs.writeFile(file, JSON.stringify({ ...meta, status: 'training', calibration: null }));
    const text = await fs.readFile(file, 'utf8');
    await expect(calibrateModelDir(dir, { samples: 2, backend: 'cpu' })).rejects.toThrow(/training/);
    expect(await fs.readFile(file, 'utf8')).toBe(text);
  });
});

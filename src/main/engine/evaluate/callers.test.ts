// Calibration, the Uncertainty handler and `unsure eval` measure through the one evaluation module, so
// on the same model and sample count they report the same figures, whichever process sampled.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UncertaintyReport } from '../../../shared/api/uncertainty';
import { testHandlers } from '../../api/test-handlers';
import { dispatch } from '../../api/dispatch';
import { evaluateModel } from '../../cli/analysis';
import { loadBackend } from '../backend';
import { calibratePosterior, type ModelCalibration } from '../calibrate';
import { loadOodSets } from '../ood/sets';
import { loadModel, type LoadedModel } from '../store';
import { writeFakeModelDir } from '../store/fixtures';

const SAMPLES = 3;
let root: string;
let model: LoadedModel;
let calibration: ModelCalibration;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-callers-'));
  const resources = path.join(root, 'resources');
  await writeFakeModelDir(path.join(resources, 'default-model'), { id: 'default-model' });
  fs.cpSync(path.resolve('resources', 'ood'), path.join(resources, 'ood'), { recursive: true });
  model = await loadModel(path.join(resources, 'default-model'));
  const { tf, backend } = await loadBackend();
  const sets = loadOodSets(path.join(resources, 'ood'));
  if (!sets.ok) throw new Error(sets.error.message);
  calibration = await calibratePosterior(tf, backend, model, sets.value, { samples: SAMPLES });
}, 120_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('the three callers of the evaluation', () => {
  it('give the Uncertainty view the AUROC, AUPR and FPR95 calibration stores, for every set', async () => {
    const handlers = testHandlers(path.join(root, 'data'), path.join(root, 'resources'));
    const result = await dispatch(handlers, 'getUncertaintyReport', [{ score: 'entropy', samples: SAMPLES }]);
    if (!result.ok) throw new Error(result.error.message);
    const report = result.value as UncertaintyReport;
    expect(report.sets.length).toBeGreaterThan(0);
    for (const set of report.sets) {
      const stored = calibration.ood[set.id]!.scores.entropy;
      expect(set.metrics).toEqual({ auroc: stored.auroc, aupr: stored.aupr, fpr95: stored.fpr95 });
    }
    expect(report.calibration.ece).toBe(calibration.ece);
  });

  it('give `unsure eval` the test accuracy and ECE calibration stores', async () => {
    const report = await evaluateModel(model, { samples: SAMPLES, oodDirs: [], backend: 'auto' });
    expect(report.test.accuracy).toBe(calibration.testAccuracy);
    expect(report.test.ece).toBe(calibration.ece);
    expect(report.test.nll).toBeGreaterThan(0);
  });
});

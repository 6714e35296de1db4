// Calibrates a model directory in place: loads it, computes the calibration (calibrate.ts) against
// the shipped OOD sets, and writes model.json again atomically with its `calibration` filled in.
import path from 'node:path';
import { ModelMeta } from '../../../shared/model';
import { CodedError } from '../../../shared/result';
import { loadBackend } from '../backend';
import { loadOodSets, type OodSet } from '../ood/sets';
import { loadModel, readModelMeta, writeJsonAtomic, MODEL_FILE } from '../store';
import { nearChanceFailure } from '../train/metrics';
import { calibratePosterior, type CalibrateOptions, type ModelCalibration } from './calibrate';

export * from './calibrate';

export interface CalibrateDirOptions extends CalibrateOptions {
  /** Folder of the shipped OOD sets (default: resources/ood); null measures none. */
  oodDir?: string | null;
}

/** The shipped sets, or none (and why) when they are missing or broken: thresholds do not need them. */
function shippedSets(oodDir: string | null | undefined): { sets: OodSet[]; unavailable?: string } {
  if (oodDir === null) return { sets: [] };
  const sets = loadOodSets(oodDir);
  return sets.ok ? { sets: sets.value } : { sets: [], unavailable: sets.error.message };
}

/** Calibrates the model in `dir` and stores the result in its model.json; returns the calibration. */
export async function calibrateModelDir(
  dir: string,
  options: CalibrateDirOptions = {},
): Promise<ModelCalibration> {
  const model = await loadModel(dir);
  if (model.meta.status !== 'complete' && model.meta.status !== 'stopped') {
    throw new CodedError('model_invalid', `model ${model.meta.id} is ${model.meta.status}, not trained`);
  }
  const { tf, backend } = await loadBackend(options.backend);
  const { sets, unavailable } = shippedSets(options.oodDir);
  const calibration: ModelCalibration = {
    ...(await calibratePosterior(tf, backend, model, sets, options)),
    ...(unavailable ? { oodUnavailable: unavailable } : {}),
  };
  // A model that guesses would be calibrated into a confident one: refuse it instead.
  const chance = nearChanceFailure(calibration.testAccuracy);
  if (chance) throw new CodedError(chance.code, `model ${model.meta.id}: ${chance.message}`);
  // Re-read just before writing so a rename made meanwhile is kept.
  const meta = await readModelMeta(dir);
  const next = ModelMeta.parse({ ...meta, calibration, updatedAt: new Date().toISOString() });
  await writeJsonAtomic(path.join(dir, MODEL_FILE), next);
  return calibration;
}

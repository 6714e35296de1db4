// Calibrates a model directory in place: loads it, computes the calibration (calibrate.ts) against
// the shipped OOD sets, and writes model.json again atomically with its `calibration` filled in.
import path from 'node:path';
import { ModelMeta, modelDataset } from '../../../shared/model';
import { MNIST_SHAPE } from '../../../shared/data-shape';
import type { ModelDataset } from '../../../shared/datasets';
import { datasetOfModel, datasetResolver, type ResolveDataset } from '../datasets/resolve';
import { CodedError } from '../../../shared/result';
import { loadBackend } from '../backend';
import { loadOodSets, type OodSet } from '../ood/sets';
import { loadModel, readModelMeta, writeJsonAtomic, MODEL_FILE } from '../store';
import { nearChanceFailure } from '../train/metrics';
import { calibratePosterior, type CalibrateOptions, type ModelCalibration } from './calibrate';

export * from './calibrate';

export interface CalibrateDirOptions extends Omit<CalibrateOptions, 'dataset'> {
  /** Folder of the shipped OOD sets (default: resources/ood); null measures none. */
  oodDir?: string | null;
  /** Finds the model's dataset by name (default: the built-in ones). */
  resolveDataset?: ResolveDataset;
}

/**
 * The shipped sets, or none (and why) when they are missing or broken, or not of the model's input
 * shape (they are 28×28 grey pictures): thresholds do not need them.
 */
function shippedSets(
  oodDir: string | null | undefined,
  data: ModelDataset,
): { sets: OodSet[]; unavailable?: string } {
  if (oodDir === null) return { sets: [] };
  const { height, width, channels } = data.shape;
  if (height !== MNIST_SHAPE.height || width !== MNIST_SHAPE.width || channels !== MNIST_SHAPE.channels)
    return {
      sets: [],
      unavailable: `the shipped reference sets are 28×28 grey pictures; "${data.name}" is ${height}×${width}×${channels}`,
    };
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
  const data = modelDataset(model.meta);
  const dataset = await datasetOfModel(options.resolveDataset ?? datasetResolver(), data);
  const { tf, backend } = await loadBackend(options.backend);
  const { sets, unavailable } = shippedSets(options.oodDir, data);
  const calibration: ModelCalibration = {
    ...(await calibratePosterior(tf, backend, model, sets, { ...options, dataset })),
    ...(unavailable ? { oodUnavailable: unavailable } : {}),
  };
  // A model that guesses would be calibrated into a confident one: refuse it instead.
  const chance = nearChanceFailure(calibration.testAccuracy, data.shape.classes);
  if (chance) throw new CodedError(chance.code, `model ${model.meta.id}: ${chance.message}`);
  // Re-read just before writing so a rename made meanwhile is kept.
  const meta = await readModelMeta(dir);
  const next = ModelMeta.parse({ ...meta, calibration, updatedAt: new Date().toISOString() });
  await writeJsonAtomic(path.join(dir, MODEL_FILE), next);
  return calibration;
}

// Calibrates a model directory in place: loads it, computes the calibration (calibrate.ts) against
// its dataset's reference OOD sets (ood/reference-sets.ts), and writes model.json again atomically with its `calibration` filled in.
import path from 'node:path';
import { ModelMeta, modelDataset } from '../../../shared/model';
import { datasetOfModel, datasetResolver, type ResolveDataset } from '../datasets/resolve';
import { CodedError } from '../../../shared/result';
import { loadBackend } from '../backend';
import { referenceSets } from '../ood/reference-sets';
import { loadModel, readModelMeta, writeJsonAtomic, MODEL_FILE } from '../store';
import { nearChanceFailure } from '../train/metrics';
import { calibratePosterior, type CalibrateOptions, type ModelCalibration } from './calibrate';

export * from './calibrate';

export interface CalibrateDirOptions extends Omit<CalibrateOptions, 'dataset'> {
  /** Folder of the shipped OOD sets (default: resources/ood); null measures none. */
  oodDir?: string | null;
  /** The data folder: its datasets are found by name, and the other ones are reference sets. */
  dataRoot?: string;
  /** Finds the model's dataset by name (default: the data folder's, else the built-in ones). */
  resolveDataset?: ResolveDataset;
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
  const resolve = options.resolveDataset ?? datasetResolver(options.dataRoot);
  const dataset = await datasetOfModel(resolve, data);
  const { tf, backend } = await loadBackend(options.backend);
  const { sets, unavailable } = await referenceSets(data, options);
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

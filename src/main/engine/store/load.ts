// Loads one model directory, validated (model-folder.ts). Anything unexpected (bad JSON, another
// program's file, a truncated posterior, tensors that are not its family's, NaN) becomes
// CodedError('model_invalid') and nothing is written.
import { modelDataset, type ModelMeta } from '../../../shared/model';
import type { MetricsRecord } from '../../../shared/training';
import type { NamedTensor } from '../format/safetensors';
import { readMetrics, readModelMeta, readPosterior } from './model-folder';

export { readMetrics, readModelMeta, readPosterior };

export interface LoadedModel {
  dir: string;
  meta: ModelMeta;
  metrics: MetricsRecord[];
  /** The model tensors in file order, validated against the family of meta.config. */
  posterior: NamedTensor[];
}

/** Loads a model directory: model.json, metrics.json and the posterior, all validated. */
export async function loadModel(dir: string): Promise<LoadedModel> {
  const meta = await readModelMeta(dir);
  const metrics = await readMetrics(dir);
  const posterior = await readPosterior(dir, meta.config, modelDataset(meta));
  return { dir, meta, metrics, posterior };
}

// How the trainer, calibration and the CLI find a dataset by the name a config gives: the one
// place that maps a name to a Dataset, so the data folder's store plugs in here.
import { BUILTIN_DATASET, modelDatasetOf, type ModelDataset } from '../../../shared/datasets';
import { CodedError } from '../../../shared/result';
import type { Dataset } from './dataset';
import { mnistDataset } from './mnist';
import { openDataset } from './store';

/** A dataset by name; throws CodedError('dataset_missing') for one that does not exist. */
export type ResolveDataset = (name: string) => Dataset | Promise<Dataset>;

/** The datasets known without a data folder: the built-in MNIST. */
export function builtinDataset(name: string): Dataset {
  if (name === BUILTIN_DATASET) return mnistDataset;
  throw new CodedError('dataset_missing', `there is no dataset "${name}"`);
}

/**
 * The datasets of the data folder `dataRoot` (its imported ones and MNIST); the built-in one alone
 * without a data folder. Imported datasets are opened by datasets/store.ts's openDataset.
 */
export function datasetResolver(dataRoot?: string): ResolveDataset {
  if (!dataRoot) return builtinDataset;
  return async (name) => {
    try {
      return await openDataset(dataRoot, name);
    } catch (error) {
      if (error instanceof CodedError && error.code === 'not_found')
        throw new CodedError('dataset_missing', error.message);
      throw error;
    }
  };
}

/**
 * The dataset a model was trained on, found again by the name it recorded; refused
 * (`dataset_changed`) when it no longer has the shape, classes and counts the model recorded
 * (deleted and imported anew under the same name).
 */
export async function datasetOfModel(resolve: ResolveDataset, recorded: ModelDataset): Promise<Dataset> {
  const dataset = await resolve(recorded.name);
  const key = (d: ModelDataset) => JSON.stringify([d.shape, d.classNames, d.splits]);
  if (key(modelDatasetOf(dataset.manifest)) !== key(recorded))
    throw new CodedError(
      'dataset_changed',
      `dataset "${recorded.name}" is no longer the one the model was trained on (its images, classes or counts changed)`,
    );
  return dataset;
}

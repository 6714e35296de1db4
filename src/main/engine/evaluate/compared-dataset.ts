// What models are compared on: one dataset. Models of different datasets answer different
// questions (their test splits, classes and reference sets differ), so comparing them is refused
// with the models and datasets named.
import { modelDataset } from '../../../shared/model';
import type { ModelDataset } from '../../../shared/datasets';
import { CodedError } from '../../../shared/result';
import type { LoadedModel } from '../store';

/** The dataset every one of `models` was trained on; throws `datasets_differ` when they disagree. */
export function comparedDataset(models: readonly Pick<LoadedModel, 'meta'>[]): ModelDataset {
  const datasets = models.map((model) => modelDataset(model.meta));
  const names = new Set(datasets.map((d) => d.name));
  if (names.size > 1) {
    const which = models.map((m, i) => `${m.meta.name} (${datasets[i]!.name})`).join(', ');
    throw new CodedError(
      'datasets_differ',
      `only models of one dataset can be compared; these are of ${names.size} datasets: ${which}`,
    );
  }
  return datasets[0]!;
}

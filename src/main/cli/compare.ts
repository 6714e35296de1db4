// The engine work behind `unsure compare`: models of one dataset on its test split, its reference sets
// and the user's folders (read as `unsure check` reads pictures), every model sampled in this process,
// verdicts timed on the shipped photographed digits (models of digits).
import path from 'node:path';
import type { ModelComparison } from '../../shared/api/compare';
import { CodedError } from '../../shared/result';
import { loadBackend } from '../engine/backend';
import { splitRows } from '../engine/data/dataset';
import { datasetOfModel, datasetResolver } from '../engine/datasets/resolve';
import { pictureRule, readsNumbers } from '../engine/image/preparation';
import { referenceSets, shippedSetsFit } from '../engine/ood/reference-sets';
import {
  compareModels,
  comparedDataset,
  loadFolderSet,
  verdictPictures,
  type CompareSet,
} from '../engine/evaluate';
import { markedEvalSets } from '../engine/teach/eval-sets';
import type { LoadedModel } from '../engine/store';
import { summarisePosterior } from '../engine/verdicts';
import type { CompareOptions } from './services';

/**
 * Compares `models` (of one dataset) on its test split, its reference sets (the shipped ones where they
 * fit, the other datasets), `options.oodDirs` and, for 28×28 grey models, the marked pictures.
 */
export async function compareModelsHere(
  models: readonly LoadedModel[],
  options: CompareOptions,
): Promise<ModelComparison> {
  const data = comparedDataset(models);
  const dataset = await datasetOfModel(datasetResolver(options.dataRoot), data);
  const { tf } = await loadBackend(options.backend);
  const resources = options.resourcesDir;
  if (!resources)
    throw new CodedError('ood_missing', 'no resources folder, so no shipped sets to compare on');
  const reference = await referenceSets(data, {
    oodDir: path.join(resources, 'ood'),
    dataRoot: options.dataRoot,
  });
  if (shippedSetsFit(data.shape) && reference.unavailable)
    throw new CodedError('ood_missing', reference.unavailable);
  const sets: CompareSet<Float32Array>[] = reference.sets.map((set) => ({
    id: set.id,
    name: set.name,
    kind: 'shipped' as const,
    source: set.pixels,
  }));
  const rule = pictureRule(data);
  for (const dir of options.oodDirs) {
    const { set } = await loadFolderSet(dir, rule);
    sets.push({ id: dir, name: set.name, kind: 'folder', source: set.pixels });
  }
  if (shippedSetsFit(data.shape)) sets.push(...(await markedEvalSets(options.dataRoot, (pixels) => pixels)));
  const test = splitRows(dataset, 'test', 0, dataset.split('test').count);
  return compareModels(models, {
    test: test.pixels,
    labels: test.labels,
    sets,
    samples: options.samples,
    summariserFor: (model) => (rows) => summarisePosterior(tf, model, rows, options.samples),
    // Verdicts are timed on photographed digits: for models of written digits only.
    verdictPictures: readsNumbers(rule)
      ? await verdictPictures(path.join(resources, 'samples', 'digits-on-paper'))
      : [],
    backend: options.backend,
  });
}

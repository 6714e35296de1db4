// The engine work behind `unsure compare`: the shipped reference sets and the user's folders (read
// as `unsure check` reads pictures), every model sampled in this process, verdicts timed on the
// shipped photographed digits.
import path from 'node:path';
import type { ModelComparison } from '../../shared/api/compare';
import { CodedError } from '../../shared/result';
import { loadBackend } from '../engine/backend';
import { loadMnistPixels, loadMnistRaw } from '../engine/data/mnist';
import { compareModels, loadFolderSet, verdictPictures, type CompareSet } from '../engine/evaluate';
import { loadOodSets } from '../engine/ood/sets';
import { markedEvalSets } from '../engine/teach/eval-sets';
import type { LoadedModel } from '../engine/store';
import { summarisePosterior } from '../engine/verdicts';
import type { CompareOptions } from './services';

/** Compares `models` on the MNIST test set, the shipped OOD sets, `options.oodDirs` and the marked pictures. */
export async function compareModelsHere(
  models: readonly LoadedModel[],
  options: CompareOptions,
): Promise<ModelComparison> {
  const { tf } = await loadBackend(options.backend);
  const resources = options.resourcesDir;
  if (!resources)
    throw new CodedError('ood_missing', 'no resources folder, so no shipped sets to compare on');
  const shipped = loadOodSets(path.join(resources, 'ood'));
  if (!shipped.ok) throw new CodedError(shipped.error.code, shipped.error.message);
  const sets: CompareSet<Float32Array>[] = shipped.value.map((set) => ({
    id: set.id,
    name: set.name,
    kind: 'shipped' as const,
    source: set.pixels,
  }));
  for (const dir of options.oodDirs) {
    const { set } = await loadFolderSet(dir);
    sets.push({ id: dir, name: set.name, kind: 'folder', source: set.pixels });
  }
  sets.push(...(await markedEvalSets(options.dataRoot, (pixels) => pixels)));
  return compareModels(models, {
    test: loadMnistPixels('test'),
    labels: loadMnistRaw('test').labels,
    sets,
    samples: options.samples,
    summariserFor: (model) => (rows) => summarisePosterior(tf, model, rows, options.samples),
    verdictPictures: resources
      ? await verdictPictures(path.join(resources, 'samples', 'digits-on-paper'))
      : [],
    backend: options.backend,
  });
}

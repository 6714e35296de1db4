// The compareModels channel: models side by side through the one evaluation (engine/evaluate). The
// sampling runs on the scoring worker, and the metrics and the timed verdicts in short blocks, so
// other requests are answered meanwhile.
import path from 'node:path';
import { DEFAULT_COMPARE_SAMPLES } from '../../shared/api/compare';
import { ok } from '../../shared/result';
import { compareModels, comparedDataset, verdictPictures, type CompareSet } from '../engine/evaluate';
import { datasetOfModel, datasetResolver } from '../engine/datasets/resolve';
import type { Dataset } from '../engine/datasets/dataset';
import { datasetSetId, otherDatasets, shippedSetsFit } from '../engine/ood/reference-sets';
import { pictureRule, readsNumbers } from '../engine/image/preparation';
import { readOodManifest } from '../engine/ood/sets';
import { readUserSets } from '../engine/ood/user-sets';
import { markedEvalSets } from '../engine/teach/eval-sets';
import type { LoadedModel } from '../engine/store';
import type { ScoreInputs, Scorer } from '../engine/uncertainty/scorer';
import type { AppContext } from './context';
import type { Handlers } from './dispatch';
import { loadModelForUse } from './model-access';

/**
 * The sets of the models' dataset: for 28×28 grey pictures the shipped sets (the worker reads them
 * itself), the user's and the marked pictures; then the other datasets of the data folder.
 */
async function comparedSets(ctx: AppContext, dataset: Dataset): Promise<CompareSet<ScoreInputs>[]> {
  const others = (await otherDatasets(ctx.dataRoot, dataset.manifest.name)).map(({ manifest: m }) => ({
    id: datasetSetId(m.name),
    name: `dataset ${m.name}`,
    kind: 'shipped' as const,
    source: { otherDataset: m.name, dataRoot: ctx.dataRoot },
  }));
  if (!shippedSetsFit(dataset.manifest.shape)) return others;
  return [...(await pictureSets(ctx)), ...others];
}

/** The shipped sets (the worker reads them itself), the user's sets and the marked pictures. */
async function pictureSets(ctx: AppContext): Promise<CompareSet<ScoreInputs>[]> {
  const dir = path.join(ctx.resourcesDir, 'ood');
  const manifest = readOodManifest(dir);
  const shipped = (manifest.ok ? manifest.value.sets : []).map((e) => ({
    id: e.id,
    name: e.name,
    kind: 'shipped' as const,
    source: { oodSet: e.id, dir },
  }));
  const user = (await readUserSets(ctx.dataRoot)).map((set) => ({
    id: set.id,
    name: set.name,
    kind: 'user' as const,
    source: { pixels: set.pixels },
  }));
  return [...shipped, ...user, ...(await markedEvalSets(ctx.dataRoot, (pixels) => ({ pixels })))];
}

/** Handlers of the compare feature. */
export function compareHandlers(ctx: AppContext, worker: Scorer): Pick<Handlers, 'compareModels'> {
  return {
    compareModels: async ({ modelIds, samples }) => {
      const models: LoadedModel[] = [];
      for (const id of modelIds) models.push(await loadModelForUse(ctx, id));
      const n = samples ?? DEFAULT_COMPARE_SAMPLES;
      const data = comparedDataset(models);
      const dataset = await datasetOfModel(datasetResolver(ctx.dataRoot), data);
      // Verdicts are timed on photographed digits: for models of written digits only.
      const pictures = path.join(ctx.resourcesDir, 'samples', 'digits-on-paper');
      const comparison = await compareModels(models, {
        test: { split: 'test', dataRoot: ctx.dataRoot },
        labels: dataset.split('test').labels,
        sets: await comparedSets(ctx, dataset),
        samples: n,
        summariserFor: (model) => (source) => worker.score(model.dir, source, n),
        verdictPictures: readsNumbers(pictureRule(data)) ? await verdictPictures(pictures) : [],
      });
      return ok(comparison);
    },
  };
}

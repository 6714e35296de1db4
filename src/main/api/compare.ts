// The compareModels channel: models side by side through the one evaluation (engine/evaluate). The
// sampling runs on the scoring worker, and the metrics and the timed verdicts in short blocks, so
// other requests are answered meanwhile.
import path from 'node:path';
import { DEFAULT_COMPARE_SAMPLES } from '../../shared/api/compare';
import { ok } from '../../shared/result';
import { loadMnistRaw } from '../engine/data/mnist';
import { compareModels, verdictPictures, type CompareSet } from '../engine/evaluate';
import { readOodManifest } from '../engine/ood/sets';
import { readUserSets } from '../engine/ood/user-sets';
import { markedEvalSets } from '../engine/teach/eval-sets';
import type { LoadedModel } from '../engine/store';
import type { ScoreInputs, Scorer } from '../engine/uncertainty/scorer';
import type { AppContext } from './context';
import type { Handlers } from './dispatch';
import { loadModelForUse } from './model-access';

/** The shipped sets (the worker reads them itself) and the user's sets. */
async function comparedSets(ctx: AppContext): Promise<CompareSet<ScoreInputs>[]> {
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
      const comparison = await compareModels(models, {
        test: { split: 'test' },
        labels: loadMnistRaw('test').labels,
        sets: await comparedSets(ctx),
        samples: n,
        summariserFor: (model) => (source) => worker.score(model.dir, source, n),
        verdictPictures: await verdictPictures(path.join(ctx.resourcesDir, 'samples', 'digits-on-paper')),
      });
      return ok(comparison);
    },
  };
}

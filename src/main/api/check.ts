// The Check view's handler: verdicts on the user's images, sent as bytes by the renderer.
import { ok } from '../../shared/result';
import { defaultScore } from '../../shared/score-guide';
import type { AppContext } from './context';
import type { Handlers } from './dispatch';
import { judgeImages } from '../engine/verdicts';
import { loadModelForUse } from './model-access';

const DEFAULT_SAMPLES = 100;

/** Handlers of the check feature. */
export function checkHandlers(ctx: AppContext): Pick<Handlers, 'checkImages'> {
  return {
    checkImages: async ({ files, modelId, samples, score }) => {
      const model = await loadModelForUse(ctx, modelId);
      const chosen = score ?? defaultScore(model.meta.calibration);
      const results = await judgeImages(
        model,
        files.map((f) => ({ name: f.name, input: Buffer.from(f.dataBase64, 'base64') })),
        { samples: samples ?? DEFAULT_SAMPLES, score: chosen },
      );
      return ok({
        modelId: model.meta.id,
        results: results.map((r) =>
          r.ok
            ? { ...r, scoreName: chosen, seenPng: `data:image/png;base64,${r.seenPng.toString('base64')}` }
            : r,
        ),
      });
    },
  };
}

// The Check view's handler: verdicts on the user's images, sent as bytes by the renderer.
import { ok } from '../../shared/result';
import { defaultScore } from '../../shared/score-guide';
import type { AppContext } from './context';
import type { Handlers } from './dispatch';
import { judgeImages } from '../engine/verdicts';
import { readImages } from '../engine/read';
import { loadModelForUse } from './model-access';
import { modelDataset } from '../../shared/model';

const DEFAULT_SAMPLES = 100;

const dataUrl = (png: Buffer): string => `data:image/png;base64,${png.toString('base64')}`;

/** Handlers of the check feature. */
export function checkHandlers(ctx: AppContext): Pick<Handlers, 'checkImages'> {
  return {
    checkImages: async ({ files, modelId, samples, score }) => {
      const model = await loadModelForUse(ctx, modelId);
      const chosen = score ?? defaultScore(model.meta.calibration);
      const images = files.map((f) => ({ name: f.name, input: Buffer.from(f.dataBase64, 'base64') }));
      const options = { samples: samples ?? DEFAULT_SAMPLES, score: chosen };
      const results = await judgeImages(model, images, options);
      // Pictures of several digits are read as numbers too, for their digit boxes.
      const several = images.filter((_, i) => results[i]?.ok && results[i].reason === 'several_digits');
      const read = several.length > 0 ? await readImages(model, several, options) : [];
      const numbers = new Map(read.map((r, i) => [several[i]!, r]));
      return ok({
        modelId: model.meta.id,
        classNames: modelDataset(model.meta).classNames,
        results: results.map((r, i) => {
          if (!r.ok) return r;
          const read = numbers.get(images[i]!);
          const number = read?.ok
            ? {
                text: read.text,
                size: read.size,
                digits: read.digits.map((d) => ({ ...d, scoreName: chosen, seenPng: dataUrl(d.seenPng) })),
              }
            : undefined;
          return { ...r, scoreName: chosen, seenPng: dataUrl(r.seenPng), ...(number ? { number } : {}) };
        }),
      });
    },
  };
}

// MC dropout (Gal & Ghahramani 2016): the point network with dropout at the input of every dense
// layer, kept on when predicting; each predictive draw is one dropout mask (masks.ts). The mean
// prediction turns dropout off (inverted scaling makes that the masks' expectation per layer).
import { layersFor } from '../arch';
import type { FamilyContext, ModelFamily } from '../family';
import { pickTensors, pointSpecs, uploadParams } from '../nets/network';
import { NetPredictor, type DrawHook } from '../nets/predictor';
import { PointTrainer } from '../nets/trainer';
import type * as TF from '@tensorflow/tfjs';
import { drawDropout, trainingDropout } from './masks';

function drawHook(tf: typeof TF, ctx: FamilyContext): DrawHook {
  return (seed, draw) => drawDropout(tf, ctx.config.dropout, seed, draw);
}

export const dropoutFamily: ModelFamily = {
  tensorSpecs: (ctx) => pointSpecs(layersFor(ctx.config, ctx.shape)),

  openTrainer: (tf, ctx, from) => {
    const layers = layersFor(ctx.config, ctx.shape);
    const trainer = new PointTrainer(
      tf,
      ctx,
      {
        stepHook: (seed) => trainingDropout(tf, ctx.config.dropout, seed),
        predictor: (p) => new NetPredictor(tf, layers, p, drawHook(tf, ctx)),
      },
      from,
    );
    return Promise.resolve(trainer);
  },

  predictor: (tf, ctx, tensors) => {
    const layers = layersFor(ctx.config, ctx.shape);
    const params = uploadParams(tf, pickTensors(pointSpecs(layers), tensors));
    return new NetPredictor(tf, layers, params, drawHook(tf, ctx));
  },
};

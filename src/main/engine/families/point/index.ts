// The point family: a plain network (MAP under weight decay, see nets/trainer.ts), the baseline
// that says what the Bayesian part of the other families buys. Every predictive draw is the point
// prediction, so its spread-based scores (std, mutual information) are 0.
import { layersFor } from '../arch';
import type { ModelFamily } from '../family';
import { pickTensors, pointSpecs, uploadParams } from '../nets/network';
import { NetPredictor } from '../nets/predictor';
import { PointTrainer } from '../nets/trainer';

export const pointFamily: ModelFamily = {
  tensorSpecs: (ctx) => pointSpecs(layersFor(ctx.config, ctx.shape)),

  openTrainer: (tf, ctx, from) => {
    const layers = layersFor(ctx.config, ctx.shape);
    const trainer = new PointTrainer(tf, ctx, { predictor: (p) => new NetPredictor(tf, layers, p) }, from);
    return Promise.resolve(trainer);
  },

  predictor: (tf, ctx, tensors) => {
    const layers = layersFor(ctx.config, ctx.shape);
    return new NetPredictor(tf, layers, uploadParams(tf, pickTensors(pointSpecs(layers), tensors)));
  },
};

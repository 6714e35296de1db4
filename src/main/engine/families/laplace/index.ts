// Last-layer Laplace approximation over a trained point network (Daxberger et al. 2021, "Laplace
// Redux"): train as the point family, then fit a Gaussian over the output layer's weights and bias
// centred on the MAP, with the GGN as precision (Kronecker-factored or diagonal, curvature.ts)
// plus a prior precision λ chosen on a validation split held out of training (fit.ts).
import { calibrationSize } from '../../../../shared/training';
import { MNIST_MANIFEST } from '../../../../shared/datasets';
import { layersFor } from '../arch';
import type { FamilyContext, ModelFamily } from '../family';
import { outputLayer, pickTensors, pointSpecs, uploadParams } from '../nets/network';
import { LaplacePredictor } from './predictor';
import { checkLaplaceValues, laplaceSpecs, uploadLastLayer } from './tensors';
import { LaplaceTrainer } from './trainer';

/** Training examples of MNIST held out to choose λ: the held-out digits every recipe keeps. */
export const LAPLACE_VALIDATION_SIZE = calibrationSize(MNIST_MANIFEST.splits.train);

function specs(ctx: FamilyContext) {
  const layers = layersFor(ctx.config, ctx.shape);
  return { layers, point: pointSpecs(layers), laplace: laplaceSpecs(outputLayer(layers)) };
}

export const laplaceFamily: ModelFamily = {
  tensorSpecs: (ctx) => {
    const s = specs(ctx);
    return [...s.point, ...s.laplace];
  },

  checkValues: checkLaplaceValues,

  // The calibration rows: MNIST's 5000, a tenth of a smaller training split.
  validationSize: (ctx) => calibrationSize(ctx.trainSize),

  openTrainer: (tf, ctx, from) => Promise.resolve(new LaplaceTrainer(tf, ctx, from)),

  predictor: (tf, ctx, tensors) => {
    const s = specs(ctx);
    const out = outputLayer(s.layers);
    const params = uploadParams(tf, pickTensors(s.point, tensors));
    const post = uploadLastLayer(
      tf,
      out,
      params.get(`${out.base}.weight`)!,
      params.get(`${out.base}.bias`)!,
      pickTensors(s.laplace, tensors),
    );
    return new LaplacePredictor(tf, s.layers, params, post);
  },
};

// Mean and spread of S predictive samples for a set of inputs, the one sampling entry point for
// verdicts, calibration and evaluation. Sampling is seeded by (seed, sample, layer) only, and every
// family's draws of one row are independent of the other rows, so a picture's summary is a function
// of (model, picture, sample count): the same alone, in any batch, at any time.
import type * as TF from '@tensorflow/tfjs';
import { modelDataset, type ModelMeta } from '../../../shared/model';
import { inputSize } from '../../../shared/data-shape';
import { summarizeSamples, type PredictiveSummary } from '../../../shared/uncertainty/scores';
import { contextFor } from '../families';
import type { BlockDraws, Predictor } from '../families/family';
import type { LoadedModel } from '../store';
import { withPredictor } from './predictors';
import { summariseInBlocks, type PixelRows, type SampleOptions } from './predict';

/** Verdicts are reproducible: the same posterior samples for the same model and inputs. */
const SAMPLING_SEED = 0;

/** What sampling needs of a model: its tensors, the config naming its family and layers, its dataset's shape. */
export type PosteriorModel = Pick<LoadedModel, 'posterior'> & { meta: Pick<ModelMeta, 'config' | 'dataset'> };

/** Draws of one block through sampleLogits, for families without a faster block sampler. */
function drawsOf(tf: typeof TF, predictor: Predictor, x: TF.Tensor2D, seed: number): BlockDraws {
  return {
    probs: (s) => tf.tidy(() => tf.softmax(predictor.sampleLogits(x, seed, s))),
    dispose: () => undefined,
  };
}

/** Mean and spread of S predictive samples' class probabilities for `inputs` (rows of the model's input size). */
export async function summarisePosterior(
  tf: typeof TF,
  model: PosteriorModel,
  inputs: PixelRows,
  samples: number,
  options: Pick<SampleOptions, 'onProgress' | 'signal'> = {},
): Promise<PredictiveSummary> {
  const ctx = contextFor(model.meta.config, modelDataset(model.meta));
  return withPredictor(tf, model, async (predictor) => {
    const size = inputSize(ctx.shape);
    const count = inputs.length / size;
    if (inputs instanceof Float32Array && predictor.sampleProbs && predictor.sampleProbsPays?.(count)) {
      const probs = tf.tidy(() =>
        predictor.sampleProbs!(tf.tensor2d(inputs, [count, size]), samples, SAMPLING_SEED),
      );
      const values = (await probs.data()) as Float32Array;
      probs.dispose();
      return summarizeSamples(values, samples, count, ctx.shape.classes);
    }
    const samplerFor = (x: TF.Tensor2D) =>
      predictor.blockSampler?.(x, SAMPLING_SEED) ?? drawsOf(tf, predictor, x, SAMPLING_SEED);
    return await summariseInBlocks(tf, samplerFor, inputs, { ...options, samples, shape: ctx.shape });
  });
}

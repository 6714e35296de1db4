// Predictive samples of a mean-field Gaussian MLP: weight sampling for one draw (training metrics),
// the local reparameterisation trick for all draws of a few inputs at once (a dropped picture), and
// first-layer local sampling block by block for many inputs (a test set).
import type * as TF from '@tensorflow/tfjs';
import { FirstLayerLocalSampling, localSampleProbs, preferLocalSampling } from '../../bnn/local-predict';
import { noiseSource } from '../../bnn/noise';
import type { PosteriorTensors } from '../../bnn/posterior';
import { meanLogits, sampleLogits } from '../../bnn/predict';
import { mixSeed } from '../../bnn/rng';
import type { Predictor } from '../family';

/** A Predictor over an uploaded posterior; disposing it disposes the posterior. */
export function mlpPredictor(tf: typeof TF, posterior: PosteriorTensors): Predictor {
  const noise = noiseSource(tf);
  const classes = posterior.layers.at(-1)!.wMean.shape[1];
  // Its draws are kept across the blocks of one set (and every set this predictor scores).
  const blocks = new FirstLayerLocalSampling(tf, posterior, noise);
  return {
    sampleLogits: (x, seed, draw) => sampleLogits(tf, posterior, x, mixSeed(seed, draw, 1), noise),
    meanLogits: (x) => meanLogits(tf, posterior, x),
    sampleProbs: (x, samples, seed) =>
      tf.tidy(() =>
        tf.reshape<TF.Rank.R3>(localSampleProbs(tf, posterior, x, samples, seed, noise), [
          samples,
          x.shape[0],
          classes,
        ]),
      ),
    sampleProbsPays: (rows) => preferLocalSampling(posterior, rows),
    blockSampler: (x, seed) => blocks.samplerFor(x, seed),
    dispose: () => {
      blocks.dispose();
      posterior.dispose();
    },
  };
}

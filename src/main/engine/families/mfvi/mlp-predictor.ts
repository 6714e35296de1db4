// Predictive samples of a mean-field Gaussian MLP: weight sampling for one draw (training metrics),
// and first-layer local sampling for any set of inputs: all draws in one pass for a few pictures,
// block by block, sample by sample for many. Both run the same sampler, so they give the same
// values: another sampler (the local trick in every layer) has the same distribution but other
// values, and a picture's answer would then depend on the size of its batch.
import type * as TF from '@tensorflow/tfjs';
import { FirstLayerLocalSampling } from '../../bnn/local-predict';
import { noiseSource } from '../../bnn/noise';
import type { PosteriorTensors } from '../../bnn/posterior';
import { meanLogits, sampleLogits } from '../../bnn/predict';
import { mixSeed } from '../../bnn/rng';
import type { Predictor } from '../family';

/** Up to this many inputs, all draws are taken in one pass (no turn of the event loop between). */
const ONE_PASS_ROWS = 256;

/** A Predictor over an uploaded posterior; disposing it disposes the posterior. */
export function mlpPredictor(tf: typeof TF, posterior: PosteriorTensors): Predictor {
  const noise = noiseSource(tf);
  // Its draws are kept across the blocks of one set (and every set this predictor scores).
  const blocks = new FirstLayerLocalSampling(tf, posterior, noise);
  return {
    sampleLogits: (x, seed, draw) => sampleLogits(tf, posterior, x, mixSeed(seed, draw, 1), noise),
    meanLogits: (x) => meanLogits(tf, posterior, x),
    sampleProbs: (x, samples, seed) => blocks.probsAll(x, samples, seed),
    sampleProbsPays: (rows) => rows <= ONE_PASS_ROWS,
    blockSampler: (x, seed) => blocks.samplerFor(x, seed),
    dispose: () => {
      blocks.dispose();
      posterior.dispose();
    },
  };
}

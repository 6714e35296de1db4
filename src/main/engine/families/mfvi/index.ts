// The mean-field Gaussian family (variational Bayes, the article's): a Gaussian over every weight
// and bias, trained on the ELBO with a β-weighted KL to a N(0, σ²) prior. Its tensors are the same
// for every architecture; training and prediction are per architecture (mfviArchs).
import type * as TF from '@tensorflow/tfjs';
import { CodedError } from '../../../../shared/result';
import type { Architecture } from '../../../../shared/training';
import type { NamedTensor } from '../../format/safetensors';
import { fromNamedTensors, uploadPosterior } from '../../bnn/posterior';
import type { FamilyContext, FamilyTrainer, ModelFamily, Predictor, TrainedState } from '../family';
import { checkLogvars, gaussianSpecs } from './tensors';
import { mlpPredictor } from './mlp-predictor';
import { MlpTrainer } from './mlp-trainer';
import { cnnPredictor } from '../mfvi-cnn/predictor';
import { openCnnTrainer } from '../mfvi-cnn/trainer';

/** Training and prediction of a mean-field posterior over one architecture's layers. */
export interface GaussianArch {
  openTrainer(tf: typeof TF, ctx: FamilyContext, from?: TrainedState): Promise<FamilyTrainer>;
  predictor(tf: typeof TF, ctx: FamilyContext, tensors: readonly NamedTensor[]): Predictor;
}

const mlp: GaussianArch = {
  openTrainer: (tf, ctx, from) => MlpTrainer.open(tf, ctx, from),
  predictor: (tf, ctx, tensors) =>
    mlpPredictor(tf, uploadPosterior(tf, fromNamedTensors(ctx.config.hidden, tensors, '', ctx.shape))),
};

/** The mean-field CNN: local reparameterisation in every layer (mfvi-cnn/). */
const cnn: GaussianArch = { openTrainer: openCnnTrainer, predictor: cnnPredictor };

/** The architectures the mean-field family trains. */
export const mfviArchs: Record<Architecture, GaussianArch> = { mlp, cnn };

function archOf(ctx: FamilyContext): GaussianArch {
  const impl = mfviArchs[ctx.config.arch];
  if (!impl) {
    throw new CodedError('bad_request', `the mean-field family has no ${ctx.config.arch} architecture`);
  }
  return impl;
}

export const mfvi: ModelFamily = {
  tensorSpecs: gaussianSpecs,
  checkValues: checkLogvars,
  openTrainer: (tf, ctx, from) => archOf(ctx).openTrainer(tf, ctx, from),
  predictor: (tf, ctx, tensors) => archOf(ctx).predictor(tf, ctx, tensors),
};

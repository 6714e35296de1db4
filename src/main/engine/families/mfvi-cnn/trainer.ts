// Training of the mean-field Gaussian CNN (family 'mfvi', arch 'cnn'): parameters and Adam's
// moments as flat variables, one update = the hand-written local-reparameterisation gradient
// (local-grad.ts), then Adam with the MLP's arithmetic (step-math.ts).
import type * as TF from '@tensorflow/tfjs';
import { CodedError } from '../../../../shared/result';
import { inputSize } from '../../../../shared/data-shape';
import { EagerOps } from '../../bnn/eager-ops';
import { klDivergence, klScale } from '../../bnn/kl';
import { noiseSource } from '../../bnn/noise';
import { mixSeed } from '../../bnn/rng';
import { adamScalars, adamStep, klTermValues, learningRateAt, type KlTerms } from '../../bnn/step-math';
import type { FamilyContext, FamilyTrainer, TrainedState } from '../family';
import { convOps } from './conv-ops';
import { autodiffLossGradient, lossGradient, noiseWidths } from './local-grad';
import { thetaPredictor } from './predictor';
import { cnnLayout, fromNamed, initTheta, klLayout, MODEL_HALVES, toNamed } from './tensors';

const ADAM_M: [string, string] = MODEL_HALVES;
const prefixM = 'adam.m.';
const prefixV = 'adam.v.';

/** Starts training from scratch (means initialised from config.seed), or from a checkpoint's state. */
export function openCnnTrainer(
  tf: typeof TF,
  ctx: FamilyContext,
  from?: TrainedState,
  options: TrainerOptions = {},
): Promise<FamilyTrainer> {
  return Promise.resolve().then(() => createTrainer(tf, ctx, from, options));
}

/** For benchmarks: 'autodiff' differentiates the loss with tfjs instead of the hand-written backward pass. */
export interface TrainerOptions {
  gradient?: 'hand' | 'autodiff';
}

function createTrainer(
  tf: typeof TF,
  ctx: FamilyContext,
  from: TrainedState | undefined,
  options: TrainerOptions,
): FamilyTrainer {
  const { config, shape } = ctx;
  const layout = cnnLayout(ctx);
  const scale = klScale(klLayout(layout), config.kl, ctx.trainSize);
  const k = klTermValues(scale, config.beta, config.priorSigma, config.batchSize);
  const kl: KlTerms<TF.Tensor> = {
    klMu: tf.tensor1d(k.klMu),
    klVar: tf.tensor1d(k.klVar),
    klConst: tf.tensor1d(k.klConst),
  };
  const moments = from && from.optimizer.length > 0 ? from.optimizer : null;
  const start = {
    theta: from
      ? fromNamed(layout, from.model, '', MODEL_HALVES)
      : initTheta(layout, config.initLogvar, mixSeed(config.seed, 0x1417)),
    m: moments ? fromNamed(layout, moments, prefixM, ADAM_M) : new Float32Array(2 * layout.size),
    v: moments ? fromNamed(layout, moments, prefixV, ADAM_M) : new Float32Array(2 * layout.size),
  };
  const theta = tf.variable(tf.tensor1d(start.theta));
  const m = tf.variable(tf.tensor1d(start.m));
  const v = tf.variable(tf.tensor1d(start.v));
  let t = from?.adamT ?? 0;
  const net = { tf, k: convOps(tf), layout, shape };
  const noise = noiseSource(tf);
  const eager = new EagerOps(tf, noise);
  const ops = eager.withSeed(0);
  const gradient = options.gradient === 'autodiff' ? autodiffLossGradient : lossGradient;
  const noiseWidth = noiseWidths(layout).reduce((a, b) => a + b, 0);
  const download = (variable: TF.Variable) => variable.dataSync() as Float32Array;

  return {
    step(x, y, seed) {
      if (x.shape[0] !== config.batchSize || x.shape[1] !== inputSize(shape)) {
        throw new CodedError('internal', `batch of shape [${x.shape.join(',')}] for this model`);
      }
      tf.tidy(() => {
        const eps = noise([config.batchSize, noiseWidth], seed) as TF.Tensor2D;
        const grad = gradient(net, kl, theta, { x, y, eps });
        const [lrT, epsT] = adamScalars(learningRateAt(config, t), t + 1);
        const [lr, epsB] = tf.split(tf.tensor1d([lrT, epsT * config.batchSize]), 2);
        const next = adamStep(ops, theta, m, v, grad, lr!, epsB!);
        theta.assign(next.theta as TF.Tensor1D);
        m.assign(next.m as TF.Tensor1D);
        v.assign(next.v as TF.Tensor1D);
      });
      t += 1;
    },
    priorTerm() {
      const values = download(theta);
      return klDivergence(
        values.subarray(0, layout.size),
        values.subarray(layout.size),
        scale,
        config.priorSigma,
      );
    },
    predictor: () => thetaPredictor(tf, ctx, theta.clone()),
    save: () => ({
      model: toNamed(layout, download(theta), '', MODEL_HALVES),
      optimizer: [
        ...toNamed(layout, download(m), prefixM, ADAM_M),
        ...toNamed(layout, download(v), prefixV, ADAM_M),
      ],
      adamT: t,
    }),
    dispose() {
      eager.dispose();
      tf.dispose([theta, m, v, kl.klMu, kl.klVar, kl.klConst]);
    },
  };
}

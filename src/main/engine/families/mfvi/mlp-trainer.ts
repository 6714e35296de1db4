// Training a mean-field Gaussian MLP: every mean and log-variance in one flat variable
// [means | logvars] with Adam's moments beside it, updated by the compiled graph step on native
// TensorFlow (blocks of updates per call) or the eager step elsewhere, with either estimator.
import type * as TF from '@tensorflow/tfjs';
import type { NamedTensor } from '../../format/safetensors';
import { layoutFor, type Layout } from '../../bnn/layout';
import { fromNamedTensors, initPosterior, toNamedTensors, type PosteriorValues } from '../../bnn/posterior';
import { TrainStep, type StepRunner, type TrainState } from '../../bnn/step';
import { GraphTrainStep, graphStepAvailable } from '../../bnn/graph/graph-step';
import { noiseSource } from '../../bnn/noise';
import { klDivergence, klScale } from '../../bnn/kl';
import { posteriorFromTheta } from '../../bnn/flat';
import { mixSeed } from '../../bnn/rng';
import type { FamilyContext, FamilyTrainer, Predictor, TrainedState } from '../family';
import { mlpPredictor } from './mlp-predictor';

/** Optimiser tensors are the model tensors' names under these prefixes (Adam's two moments). */
const ADAM_M = 'adam.m.';
const ADAM_V = 'adam.v.';

export type StepMode = 'graph' | 'eager';

/** Graph on native TensorFlow unless UNSURE_STEP=eager (for comparisons); eager elsewhere. */
function chooseMode(tf: typeof TF): StepMode {
  if (process.env.UNSURE_STEP === 'eager' || !graphStepAvailable(tf)) return 'eager';
  return 'graph';
}

function flat(tf: typeof TF, v: PosteriorValues): TF.Tensor1D {
  const out = new Float32Array(2 * v.layout.size);
  out.set(v.means, 0);
  out.set(v.logvars, v.layout.size);
  return tf.tensor1d(out);
}

function unflatten(layout: Layout, data: Float32Array): PosteriorValues {
  return { layout, means: data.slice(0, layout.size), logvars: data.slice(layout.size) };
}

const prefixed = (prefix: string, tensors: NamedTensor[]): NamedTensor[] =>
  tensors.map((t) => ({ ...t, name: `${prefix}${t.name}` }));

export class MlpTrainer implements FamilyTrainer {
  readonly blockSize?: number;

  private constructor(
    private readonly tf: typeof TF,
    private readonly layout: Layout,
    private readonly state: TrainState,
    private readonly runner: StepRunner,
    private readonly scale: Float32Array,
    private readonly priorSigma: number,
    readonly mode: StepMode,
  ) {
    if (runner.runBlock) this.blockSize = runner.blockSize ?? 1;
  }

  static async open(tf: typeof TF, ctx: FamilyContext, from?: TrainedState): Promise<MlpTrainer> {
    const { config, trainSize } = ctx;
    const layout = layoutFor(config.hidden, ctx.shape);
    const values = (tensors: readonly NamedTensor[], prefix = '') =>
      fromNamedTensors(config.hidden, tensors, prefix, ctx.shape);
    const init = from
      ? values(from.model)
      : initPosterior(config.hidden, config.initLogvar, mixSeed(config.seed, 0x1417), ctx.shape);
    const zeros = () => tf.zeros([2 * layout.size]);
    const moments = from && from.optimizer.length > 0 ? from.optimizer : null;
    const state: TrainState = {
      theta: tf.variable(flat(tf, init)),
      adam: {
        m: tf.variable(moments ? flat(tf, values(moments, ADAM_M)) : zeros()),
        v: tf.variable(moments ? flat(tf, values(moments, ADAM_V)) : zeros()),
        t: from?.adamT ?? 0,
      },
    };
    const mode = chooseMode(tf);
    const runner =
      mode === 'graph'
        ? await GraphTrainStep.create(tf, layout, config, trainSize)
        : new TrainStep(tf, layout, config, trainSize, noiseSource(tf));
    const scale = klScale(layout, config.kl, trainSize);
    return new MlpTrainer(tf, layout, state, runner, scale, config.priorSigma, mode);
  }

  step(x: TF.Tensor2D, y: TF.Tensor2D, seed: number): void {
    this.runner.run(this.state, x, y, seed);
  }

  runBlock(xs: TF.Tensor3D, ys: TF.Tensor3D, seeds: number[]): void {
    this.runner.runBlock!(this.state, xs, ys, seeds);
  }

  private read(t: TF.Tensor): PosteriorValues {
    return unflatten(this.layout, t.dataSync() as Float32Array);
  }

  /** The normalised KL of the current posterior (JS, float64 sums). */
  priorTerm(): number {
    const v = this.read(this.state.theta);
    return klDivergence(v.means, v.logvars, this.scale, this.priorSigma);
  }

  predictor(): Predictor {
    return mlpPredictor(this.tf, posteriorFromTheta(this.tf, this.layout, this.state.theta));
  }

  save(): TrainedState {
    const { theta, adam } = this.state;
    return {
      model: toNamedTensors(this.read(theta)),
      optimizer: [
        ...prefixed(ADAM_M, toNamedTensors(this.read(adam.m))),
        ...prefixed(ADAM_V, toNamedTensors(this.read(adam.v))),
      ],
      adamT: adam.t,
    };
  }

  dispose(): void {
    this.runner.dispose();
    this.tf.dispose([this.state.theta, this.state.adam.m, this.state.adam.v]);
  }
}

// Everything a run holds on the backend (data, parameters, Adam state, the compiled step), built
// either fresh from a config or from a checkpoint, and the download of its state for writing.
import type * as TF from '@tensorflow/tfjs';
import type { TrainConfig } from '../../../shared/training';
import { BatchSchedule, BatchSource, splitTensors, type SplitTensors } from '../data/dataset';
import { SPLIT_SIZES } from '../data/mnist';
import { layoutFor, type Layout } from '../bnn/layout';
import { initPosterior, type PosteriorValues } from '../bnn/posterior';
import { TrainStep, type StepRunner, type TrainState } from '../bnn/step';
import { GraphTrainStep, graphStepAvailable } from '../bnn/graph/graph-step';
import { noiseSource, type NoiseFn } from '../bnn/noise';
import { klDivergence, klScale } from '../bnn/kl';
import { mixSeed } from '../bnn/rng';
import { outlierFill } from '../outliers';
import type { Checkpoint } from './model-dir';

export interface Session {
  tf: typeof TF;
  config: TrainConfig;
  layout: Layout;
  trainEval: SplitTensors;
  test: SplitTensors;
  state: TrainState;
  step: StepRunner;
  /** 'graph' (one TF session call per block of updates) or 'eager' (op by op). */
  stepMode: StepMode;
  batches: BatchSource;
  noise: NoiseFn;
  klScale: Float32Array;
  dispose(): void;
}

function flat(tf: typeof TF, v: PosteriorValues): TF.Tensor1D {
  const out = new Float32Array(2 * v.layout.size);
  out.set(v.means, 0);
  out.set(v.logvars, v.layout.size);
  return tf.tensor1d(out);
}

export type StepMode = 'graph' | 'eager';

/** Graph on native TensorFlow unless UNSURE_STEP=eager (for comparisons); eager elsewhere. */
function chooseMode(tf: typeof TF, wanted?: StepMode): StepMode {
  const requested = wanted ?? (process.env.UNSURE_STEP === 'eager' ? 'eager' : undefined);
  if (requested === 'eager' || !graphStepAvailable(tf)) return 'eager';
  return 'graph';
}

/** Uploads data and state. `from` resumes a checkpoint; otherwise the posterior is initialised. */
export async function openSession(
  tf: typeof TF,
  config: TrainConfig,
  from?: Checkpoint,
  mode?: StepMode,
): Promise<Session> {
  const layout = layoutFor(config.hidden);
  const init =
    from?.posterior ?? initPosterior(config.hidden, config.initLogvar, mixSeed(config.seed, 0x1417));
  const zeros = () => tf.zeros([2 * layout.size]);
  const state: TrainState = {
    theta: tf.variable(flat(tf, init)),
    adam: {
      m: tf.variable(from ? flat(tf, from.adamM) : zeros()),
      v: tf.variable(from ? flat(tf, from.adamV) : zeros()),
      t: from?.adamT ?? 0,
    },
  };
  const trainEval = splitTensors(tf, 'train', config.trainEvalSize);
  const test = splitTensors(tf, 'test');
  const noise = noiseSource(tf);
  const stepMode = chooseMode(tf, mode);
  const step =
    stepMode === 'graph'
      ? await GraphTrainStep.create(tf, layout, config, SPLIT_SIZES.train)
      : new TrainStep(tf, layout, config, SPLIT_SIZES.train, noise);
  return {
    tf,
    config,
    layout,
    trainEval,
    test,
    state,
    step,
    stepMode,
    noise,
    batches: new BatchSource(
      'train',
      new BatchSchedule(mixSeed(config.seed, 0xda7a), SPLIT_SIZES.train, config.batchSize),
      config.batchSize,
      outlierFill(config),
    ),
    klScale: klScale(layout, config.kl, SPLIT_SIZES.train),
    dispose: () => {
      step.dispose();
      [trainEval, test].forEach((s) => s.dispose());
      tf.dispose([state.theta, state.adam.m, state.adam.v]);
    },
  };
}

const stepSeed = (s: Session, index: number) => mixSeed(s.config.seed, 0x5eed, index);

/** Runs update number `index` (0-based): batch and noise are functions of (seed, index). */
export function runStep(s: Session, index: number): void {
  s.tf.tidy(() => {
    const { x, y } = s.batches.batch(s.tf, index);
    s.step.run(s.state, x, y, stepSeed(s, index));
  });
}

/** Updates one runSteps call can make at once (the step runner's block size, 1 without blocks). */
export function blockSize(s: Session): number {
  return s.step.runBlock ? (s.step.blockSize ?? 1) : 1;
}

/**
 * Runs updates index … index+count−1, the same updates as `count` runStep calls: in one graph
 * call when count is the runner's block size, step by step otherwise.
 */
export function runSteps(s: Session, index: number, count: number): void {
  const runBlock = s.step.runBlock?.bind(s.step);
  if (!runBlock || count === 1 || count !== blockSize(s)) {
    for (let k = 0; k < count; k++) runStep(s, index + k);
    return;
  }
  s.tf.tidy(() => {
    const { x, y } = s.batches.batches(s.tf, index, count);
    const seeds = [...Array(count).keys()].map((k) => stepSeed(s, index + k));
    runBlock(s.state, x, y, seeds);
  });
}

function unflatten(layout: Layout, data: Float32Array): PosteriorValues {
  return { layout, means: data.slice(0, layout.size), logvars: data.slice(layout.size) };
}

/** Downloads parameters and Adam state at `step` (a checkpoint's content). */
export function snapshot(s: Session, step: number): Checkpoint {
  const read = (t: TF.Tensor) => unflatten(s.layout, t.dataSync() as Float32Array);
  return {
    config: s.config,
    step,
    adamT: s.state.adam.t,
    posterior: read(s.state.theta),
    adamM: read(s.state.adam.m),
    adamV: read(s.state.adam.v),
  };
}

/** The normalised KL of downloaded posterior values. */
export function sessionKl(s: Session, v: PosteriorValues): number {
  return klDivergence(v.means, v.logvars, s.klScale, s.config.priorSigma);
}

/** True when all values of a checkpoint are finite (a diverged run is never checkpointed). */
export function checkpointFinite(cp: Checkpoint): boolean {
  return [cp.posterior, cp.adamM, cp.adamV].every(
    (v) => v.means.every(Number.isFinite) && v.logvars.every(Number.isFinite),
  );
}

// The training step compiled once into a TensorFlow graph (the same step math as the eager path,
// emitted as graph nodes) and run through tfjs-node's SavedModel support as one session call per
// block of updates (defaultBlockSize), or per update where a block would overrun a log/checkpoint.
// Eager tfjs-node pays ~20–40 µs of dispatch per op and a step has ~60 ops; the graph runs them
// inside TensorFlow's executor (and lets Grappler fuse some). Native backend only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type * as TF from '@tensorflow/tfjs';
import type { TrainConfig } from '../../../../shared/training';
import { klScale } from '../kl';
import type { Layout } from '../layout';
import { CodedError } from '../../../../shared/result';
import type { StepRunner, TrainState } from '../step';
import { adamScalars, adamStep, learningRateAt, klTermValues, lossGradient } from '../step-math';
import { DT_FLOAT, DT_INT32, GraphBuilder, type GraphIO } from './graph-def';
import { boxMuller, graphOps } from './graph-ops';

interface SavedModel {
  predict(inputs: Record<string, TF.Tensor>): Record<string, TF.Tensor>;
  dispose(): void;
}
interface NodeApi {
  loadSavedModel(dir: string, tags: string[], signature: string): Promise<SavedModel>;
}

/** Splits the leading axis of a [K, ...] placeholder into K nodes (one per update). */
function unstack(g: GraphBuilder, node: string, count: number, dtype: number): string[] {
  const parts = g.op('Unpack', [node], { T: { type: dtype }, num: { i: count }, axis: { i: 0 } });
  return [...Array(count).keys()].map((i) => (i === 0 ? parts : `${parts}:${i}`));
}

/**
 * Builds into `dir` a graph of `count` consecutive updates (unrolled: update k reads update k−1's
 * theta, m, v), fed K batches, K seeds and K Adam scalar pairs at once, so one session call
 * pays the per-call overhead for all of them. Each update is the same subgraph as count = 1.
 */
function buildStepGraph(dir: string, layout: Layout, config: TrainConfig, count: number): void {
  const g = new GraphBuilder();
  const P2 = [2 * layout.size];
  const B = config.batchSize;
  let state = {
    theta: g.placeholder('theta', DT_FLOAT, P2),
    m: g.placeholder('m', DT_FLOAT, P2),
    v: g.placeholder('v', DT_FLOAT, P2),
  };
  const xs = unstack(g, g.placeholder('x', DT_FLOAT, [count, B, layout.layers[0]!.inputs]), count, DT_FLOAT);
  const ys = unstack(
    g,
    g.placeholder('y', DT_FLOAT, [count, B, layout.layers.at(-1)!.outputs]),
    count,
    DT_FLOAT,
  );
  const seeds = unstack(g, g.placeholder('seed', DT_INT32, [count, 2]), count, DT_INT32);
  const adams = unstack(g, g.placeholder('adam', DT_FLOAT, [count, 2]), count, DT_FLOAT);
  const kl = {
    klMu: g.placeholder('klMu', DT_FLOAT, [layout.size]),
    klVar: g.placeholder('klVar', DT_FLOAT, [layout.size]),
    klConst: g.placeholder('klConst', DT_FLOAT, [layout.size]),
  };
  for (let k = 0; k < count; k++) {
    const o = graphOps(g, seeds[k]!);
    const grad = lossGradient(o, config.estimator, layout, kl, state.theta, xs[k]!, ys[k]!, B);
    const [lrT, epsT] = o.split(adams[k]!, [1, 1]) as [string, string];
    state = adamStep(o, state.theta, state.m, state.v, grad, lrT, epsT);
  }
  const outputs: GraphIO[] = (['theta', 'm', 'v'] as const).map((name) => ({
    name: `${name}_out`,
    node: g.op('Identity', [state[name]], { T: { type: DT_FLOAT } }, `${name}_out`),
    dtype: DT_FLOAT,
    shape: P2,
  }));
  g.writeSavedModel(dir, outputs);
}

/** Draws `n` values of the graph's noise (Box–Muller) for `seed`: for tests of its distribution. */
export async function sampleGraphNoise(tf: typeof TF, n: number, seed: number): Promise<Float32Array> {
  const dir = path.join(os.tmpdir(), `unsure-noise-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const g = new GraphBuilder();
    const seedIn = g.placeholder('seed', DT_INT32, [2]);
    const out = g.op('Identity', [boxMuller(g, [n], seedIn)], { T: { type: DT_FLOAT } }, 'z');
    g.writeSavedModel(dir, [{ name: 'z', node: out, dtype: DT_FLOAT, shape: [n] }]);
    const model = await (tf as unknown as { node: NodeApi }).node.loadSavedModel(
      dir,
      ['serve'],
      'serving_default',
    );
    const seedT = tf.tensor1d([seed & 0xffff, seed >>> 16], 'int32');
    const z = model.predict({ seed: seedT }).z!;
    const values = z.dataSync() as Float32Array;
    tf.dispose([seedT, z]);
    model.dispose();
    return values;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** True when the graph step can run here (native TensorFlow backend with SavedModel support). */
export function graphStepAvailable(tf: typeof TF): boolean {
  const node = (tf as unknown as { node?: Partial<NodeApi> }).node;
  return tf.getBackend() === 'tensorflow' && typeof node?.loadSavedModel === 'function';
}

/** Updates per block call: amortises the ~0.3–0.5 ms per-call overhead (4–16 measure alike); UNSURE_BLOCK overrides. */
export function defaultBlockSize(): number {
  const fromEnv = Number(process.env.UNSURE_BLOCK);
  return Number.isInteger(fromEnv) && fromEnv >= 1 ? fromEnv : 8;
}

async function loadStepGraph(tf: typeof TF, layout: Layout, config: TrainConfig, count: number) {
  const dir = path.join(os.tmpdir(), `unsure-step-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    buildStepGraph(dir, layout, config, count);
    return await (tf as unknown as { node: NodeApi }).node.loadSavedModel(dir, ['serve'], 'serving_default');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A step runner executing the compiled graphs (one update, and `blockSize` updates per call). */
export class GraphTrainStep implements StepRunner {
  private constructor(
    private readonly tf: typeof TF,
    private readonly single: SavedModel,
    private readonly block: SavedModel | null,
    readonly blockSize: number,
    private readonly config: TrainConfig,
    private readonly consts: Record<'klMu' | 'klVar' | 'klConst', TF.Tensor>,
  ) {}

  /** Compiles the graphs for `config` (a few hundred ms each) and loads them into TF sessions. */
  static async create(
    tf: typeof TF,
    layout: Layout,
    config: TrainConfig,
    trainSize: number,
    blockSize = defaultBlockSize(),
  ): Promise<GraphTrainStep> {
    const single = await loadStepGraph(tf, layout, config, 1);
    const block = blockSize > 1 ? await loadStepGraph(tf, layout, config, blockSize) : null;
    const k = klTermValues(
      klScale(layout, config.kl, trainSize),
      config.beta,
      config.priorSigma,
      config.batchSize,
    );
    const consts = {
      klMu: tf.tensor1d(k.klMu),
      klVar: tf.tensor1d(k.klVar),
      klConst: tf.tensor1d(k.klConst),
    };
    return new GraphTrainStep(tf, single, block, block ? blockSize : 1, config, consts);
  }

  run(state: TrainState, x: TF.Tensor2D, y: TF.Tensor2D, seed: number): void {
    const rows = x.shape[0];
    this.tf.tidy(() =>
      this.call(this.single, state, x.reshape([1, rows, x.shape[1]]), y.reshape([1, rows, y.shape[1]]), [
        seed,
      ]),
    );
  }

  runBlock(state: TrainState, xs: TF.Tensor3D, ys: TF.Tensor3D, seeds: number[]): void {
    if (!this.block || seeds.length !== this.blockSize || xs.shape[0] !== this.blockSize) {
      throw new CodedError(
        'internal',
        `a block of ${seeds.length} updates, the graph makes ${this.blockSize}`,
      );
    }
    this.call(this.block, state, xs, ys, seeds);
  }

  private call(model: SavedModel, state: TrainState, xs: TF.Tensor3D, ys: TF.Tensor3D, seeds: number[]) {
    const { tf } = this;
    const n = seeds.length;
    const seedPairs = new Int32Array(2 * n);
    const adam = new Float32Array(2 * n);
    seeds.forEach((seed, k) => {
      const t = state.adam.t + k;
      const [lrT, epsT] = adamScalars(learningRateAt(this.config, t), t + 1);
      seedPairs.set([seed & 0xffff, seed >>> 16], 2 * k);
      adam.set([lrT, epsT * this.config.batchSize], 2 * k);
    });
    tf.tidy(() => {
      const out = model.predict({
        theta: state.theta,
        m: state.adam.m,
        v: state.adam.v,
        x: xs,
        y: ys,
        seed: tf.tensor2d(seedPairs, [n, 2], 'int32'),
        adam: tf.tensor2d(adam, [n, 2]),
        ...this.consts,
      });
      state.theta.assign(out.theta_out!);
      state.adam.m.assign(out.m_out!);
      state.adam.v.assign(out.v_out!);
    });
    state.adam.t += n;
  }

  dispose(): void {
    this.single.dispose();
    this.block?.dispose();
    this.tf.dispose(Object.values(this.consts));
  }
}

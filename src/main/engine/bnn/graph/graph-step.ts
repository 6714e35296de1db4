// The training step compiled once into a TensorFlow graph (the same step math as the eager path,
// emitted as graph nodes) and run as ONE session call per step through tfjs-node's SavedModel
// support. Eager tfjs-node pays ~20–40 µs of dispatch per op and a step has ~60 ops; the graph
// runs them inside TensorFlow's executor (and lets Grappler fuse some). Native backend only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type * as TF from '@tensorflow/tfjs';
import type { TrainConfig } from '../../../../shared/training';
import { IMAGE_SIZE, NUM_CLASSES } from '../../data/mnist';
import { klScale } from '../kl';
import type { Layout } from '../layout';
import type { Ops } from '../ops';
import type { StepRunner, TrainState } from '../step';
import { adamScalars, adamStep, learningRateAt, klTermValues, lossGradient } from '../step-math';
import { DT_FLOAT, DT_INT32, GraphBuilder, type GraphIO } from './graph-def';

interface SavedModel {
  predict(inputs: Record<string, TF.Tensor>): Record<string, TF.Tensor>;
  dispose(): void;
}
interface NodeApi {
  loadSavedModel(dir: string, tags: string[], signature: string): Promise<SavedModel>;
}

function graphOps(g: GraphBuilder, seed: string): Ops<string> {
  const T = { T: { type: DT_FLOAT } };
  const i32 = (values: number[]) => g.constant(values, DT_INT32, [values.length]);
  const scalarI32 = (v: number) => g.constant([v], DT_INT32, []);
  const scalars = new Map<number, string>();
  const scalar = (c: number) => {
    if (!scalars.has(c)) scalars.set(c, g.constant([c], DT_FLOAT, []));
    return scalars.get(c)!;
  };
  const unary = (op: string) => (a: string) => g.op(op, [a], T);
  const binary = (op: string) => (a: string, b: string) => g.op(op, [a, b], T);
  return {
    add: binary('AddV2'),
    sub: binary('Sub'),
    mul: binary('Mul'),
    div: binary('RealDiv'),
    scale: (a, c) => g.op('Mul', [a, scalar(c)], T),
    exp: unary('Exp'),
    sqrt: unary('Sqrt'),
    square: unary('Square'),
    relu: unary('Relu'),
    matMul: (a, b, ta = false, tb = false) =>
      g.op('MatMul', [a, b], { ...T, transpose_a: { b: ta }, transpose_b: { b: tb } }),
    sumRows: (a) =>
      g.op('Sum', [a, scalarI32(0)], { ...T, Tidx: { type: DT_INT32 }, keep_dims: { b: false } }),
    split: (a, sizes, axis = 0) => {
      const node = g.op('SplitV', [a, i32(sizes), scalarI32(axis)], {
        ...T,
        Tlen: { type: DT_INT32 },
        num_split: { i: sizes.length },
      });
      return sizes.map((_, i) => (i === 0 ? node : `${node}:${i}`));
    },
    reshape: (a, shape) => g.op('Reshape', [a, i32(shape)], { ...T, Tshape: { type: DT_INT32 } }),
    concat: (parts) =>
      g.op('ConcatV2', [...parts, scalarI32(0)], { ...T, N: { i: parts.length }, Tidx: { type: DT_INT32 } }),
    reluBackward: binary('ReluGrad'),
    softmaxMinusLabels: (logits, y) => `${g.op('SoftmaxCrossEntropyWithLogits', [logits, y], T)}:1`,
    normal: (shape) =>
      process.env.UNSURE_NOISE === 'tf' ? tfNormal(g, shape, seed) : boxMuller(g, shape, seed),
  };
}

/** TF's StatelessRandomNormal kernel (measured ~1 ms for 55k values here). */
function tfNormal(g: GraphBuilder, shape: number[], seed: string): string {
  const attrs = { dtype: { type: DT_FLOAT }, T: { type: DT_INT32 }, Tseed: { type: DT_INT32 } };
  return g.op('StatelessRandomNormal', [g.constant(shape, DT_INT32, [shape.length]), seed], attrs);
}

/**
 * N(0, 1) noise by Box–Muller from TF's stateless uniform: z = √(−2 ln u₁)·(cos 2πu₂, sin 2πu₂).
 * Same distribution as StatelessRandomNormal, several times cheaper on CPU.
 */
function boxMuller(g: GraphBuilder, shape: number[], seed: string): string {
  const T = { T: { type: DT_FLOAT } };
  const i32 = (v: number[]) => g.constant(v, DT_INT32, [v.length]);
  const f = (v: number) => g.constant([v], DT_FLOAT, []);
  const n = shape.reduce((a, b) => a * b, 1);
  const half = Math.ceil(n / 2);
  const u = g.op('StatelessRandomUniform', [i32([2, half]), seed], {
    dtype: { type: DT_FLOAT },
    T: { type: DT_INT32 },
    Tseed: { type: DT_INT32 },
  });
  const split = g.op('SplitV', [u, i32([1, 1]), g.constant([0], DT_INT32, [])], {
    ...T,
    Tlen: { type: DT_INT32 },
    num_split: { i: 2 },
  });
  // 1 − u ∈ (0, 1], so the log is finite.
  const radius = g.op('Sqrt', [g.op('Mul', [g.op('Log', [g.op('Sub', [f(1), split], T)], T), f(-2)], T)], T);
  const angle = g.op('Mul', [`${split}:1`, f(2 * Math.PI)], T);
  const z = g.op(
    'ConcatV2',
    [
      g.op('Mul', [radius, g.op('Cos', [angle], T)], T),
      g.op('Mul', [radius, g.op('Sin', [angle], T)], T),
      g.constant([0], DT_INT32, []),
    ],
    {
      ...T,
      N: { i: 2 },
      Tidx: { type: DT_INT32 },
    },
  );
  const flat = g.op('Reshape', [z, i32([2 * half])], { ...T, Tshape: { type: DT_INT32 } });
  const cut =
    n === 2 * half ? flat : g.op('Slice', [flat, i32([0]), i32([n])], { ...T, Index: { type: DT_INT32 } });
  return g.op('Reshape', [cut, i32(shape)], { ...T, Tshape: { type: DT_INT32 } });
}

/** Builds the step graph for a config into `dir`. */
function buildStepGraph(dir: string, layout: Layout, config: TrainConfig): void {
  const g = new GraphBuilder();
  const P2 = [2 * layout.size];
  const B = config.batchSize;
  const theta = g.placeholder('theta', DT_FLOAT, P2);
  const m = g.placeholder('m', DT_FLOAT, P2);
  const v = g.placeholder('v', DT_FLOAT, P2);
  const x = g.placeholder('x', DT_FLOAT, [B, IMAGE_SIZE]);
  const y = g.placeholder('y', DT_FLOAT, [B, NUM_CLASSES]);
  const seed = g.placeholder('seed', DT_INT32, [2]);
  const adam = g.placeholder('adam', DT_FLOAT, [2]);
  const kl = {
    klMu: g.placeholder('klMu', DT_FLOAT, [layout.size]),
    klVar: g.placeholder('klVar', DT_FLOAT, [layout.size]),
    klConst: g.placeholder('klConst', DT_FLOAT, [layout.size]),
  };
  const o = graphOps(g, seed);
  const grad = lossGradient(o, config.estimator, layout, kl, theta, x, y, B);
  const [lrT, epsT] = o.split(adam, [1, 1]) as [string, string];
  const next = adamStep(o, theta, m, v, grad, lrT, epsT);
  const outputs: GraphIO[] = (['theta', 'm', 'v'] as const).map((name) => ({
    name: `${name}_out`,
    node: g.op('Identity', [next[name]], { T: { type: DT_FLOAT } }, `${name}_out`),
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

/** A step runner executing the compiled graph; create with `GraphTrainStep.create`. */
export class GraphTrainStep implements StepRunner {
  private constructor(
    private readonly tf: typeof TF,
    private readonly model: SavedModel,
    private readonly config: TrainConfig,
    private readonly consts: Record<'klMu' | 'klVar' | 'klConst', TF.Tensor>,
  ) {}

  /** Compiles the graph for `config` (a few hundred ms) and loads it into a TF session. */
  static async create(
    tf: typeof TF,
    layout: Layout,
    config: TrainConfig,
    trainSize: number,
  ): Promise<GraphTrainStep> {
    const dir = path.join(os.tmpdir(), `unsure-step-${process.pid}-${randomBytes(4).toString('hex')}`);
    try {
      buildStepGraph(dir, layout, config);
      const node = (tf as unknown as { node: NodeApi }).node;
      const model = await node.loadSavedModel(dir, ['serve'], 'serving_default');
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
      return new GraphTrainStep(tf, model, config, consts);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  run(state: TrainState, x: TF.Tensor2D, y: TF.Tensor2D, seed: number): void {
    const { tf } = this;
    tf.tidy(() => {
      const [lrT, epsT] = adamScalars(learningRateAt(this.config, state.adam.t), state.adam.t + 1);
      const out = this.model.predict({
        theta: state.theta,
        m: state.adam.m,
        v: state.adam.v,
        x,
        y,
        seed: tf.tensor1d([seed & 0xffff, seed >>> 16], 'int32'),
        adam: tf.tensor1d([lrT, epsT * this.config.batchSize]),
        ...this.consts,
      });
      state.theta.assign(out.theta_out!);
      state.adam.m.assign(out.m_out!);
      state.adam.v.assign(out.v_out!);
    });
    state.adam.t += 1;
  }

  dispose(): void {
    this.model.dispose();
    this.tf.dispose(Object.values(this.consts));
  }
}

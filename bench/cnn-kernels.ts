// Times each kernel of the reference Bayesian CNN's training step on its own (batch 128), in
// process CPU milliseconds per call (steadier than wall time on a shared machine) and wall ms.
// What it is for: choosing the step's formulation (layout, fused ops, im2col, threads).
// Usage: npx tsx bench/cnn-kernels.ts [--threads N] [--reps 10] [--only name,name]
import { parseArgs } from 'node:util';
import type * as TF from '@tensorflow/tfjs';
import { loadBackend } from '../src/main/engine/backend';
import { noiseSource } from '../src/main/engine/bnn/noise';
import { nativeBackend } from '../src/main/engine/bnn/native';
import { convOps } from '../src/main/engine/families/mfvi-cnn/conv-ops';

const { values: args } = parseArgs({
  options: {
    threads: { type: 'string' },
    reps: { type: 'string', default: '10' },
    only: { type: 'string' },
  },
});

type Case = [name: string, run: () => TF.Tensor | TF.Tensor[]];

function time(tf: typeof TF, run: Case[1], reps: number): { cpu: number; wall: number } {
  const sync = (out: TF.Tensor | TF.Tensor[]) => {
    const list = Array.isArray(out) ? out : [out];
    list.forEach((t) => t.dataSync());
    tf.dispose(list);
  };
  sync(run());
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) sync(run());
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000 / reps, wall: (performance.now() - t0) / reps };
}

async function main(): Promise<void> {
  if (args.threads) process.env.TF_NUM_INTRAOP_THREADS = args.threads;
  const { tf } = await loadBackend('tensorflow');
  const k = convOps(tf);
  const noise = noiseSource(tf);
  const r = (shape: number[], seed: number) => tf.randomUniform(shape, 0, 1, 'float32', seed);
  const x1 = r([128, 28, 28, 1], 1) as TF.Tensor4D;
  const w1 = r([3, 3, 1, 32], 2) as TF.Tensor4D;
  const b1 = r([32], 3) as TF.Tensor1D;
  const h1 = r([128, 28, 28, 32], 4) as TF.Tensor4D;
  const x2 = r([128, 14, 14, 32], 5) as TF.Tensor4D;
  const w2 = r([3, 3, 32, 64], 6) as TF.Tensor4D;
  const b2 = r([64], 7) as TF.Tensor1D;
  const h2 = r([128, 14, 14, 64], 8) as TF.Tensor4D;
  const a3 = r([128, 3136], 9) as TF.Tensor2D;
  const w3 = r([3136, 128], 10) as TF.Tensor2D;
  const g3 = r([128, 128], 11) as TF.Tensor2D;
  const patches = (x: TF.Tensor4D) =>
    tf.tidy(() => {
      const [b, h, w, c] = x.shape;
      const padded = tf.pad(x, [
        [0, 0],
        [1, 1],
        [1, 1],
        [0, 0],
      ]);
      const views = [0, 1, 2].flatMap((i) =>
        [0, 1, 2].map((j) => tf.slice(padded, [0, i, j, 0], [b, h, w, c])),
      );
      return tf.reshape(tf.concat(views, 3), [b * h * w, 9 * c]);
    });
  const p1 = k.pool(h1);
  const native = nativeBackend(tf)!;
  const b = native.binding;
  const uniform = (shape: number[]) =>
    tf.tidy(() =>
      native.executeSingleOutput(
        'StatelessRandomUniform',
        [
          { name: 'dtype', type: b.TF_ATTR_TYPE, value: b.TF_FLOAT },
          { name: 'T', type: b.TF_ATTR_TYPE, value: b.TF_INT32 },
          { name: 'Tseed', type: b.TF_ATTR_TYPE, value: b.TF_INT32 },
        ],
        [tf.tensor1d(shape, 'int32'), tf.tensor1d([5, 6], 'int32')],
      ),
    );
  const boxMuller = (shape: number[]) =>
    tf.tidy(() => {
      const n = shape.reduce((p, q) => p * q, 1);
      const [u1, u2] = tf.split(uniform([2, n / 2]), 2);
      const radius = tf.sqrt(tf.mul(tf.log(tf.sub(1, u1!)), -2));
      const angle = tf.mul(u2!, 2 * Math.PI);
      return tf.reshape(tf.concat([tf.mul(radius, tf.cos(angle)), tf.mul(radius, tf.sin(angle))]), shape);
    });
  const maskPoolGrad = (h: TF.Tensor4D, pooled: TF.Tensor4D, dPooled: TF.Tensor4D) =>
    tf.tidy(() => {
      const [n, ph, pw, c] = pooled.shape;
      const blocks = tf.reshape(h, [n, ph, 2, pw, 2, c]);
      const mask = tf.equal(blocks, tf.reshape(pooled, [n, ph, 1, pw, 1, c]));
      return tf.reshape(tf.mul(tf.cast(mask, 'float32'), tf.reshape(dPooled, [n, ph, 1, pw, 1, c])), h.shape);
    });
  const bb = b as typeof b & {
    TF_ATTR_INT: number;
    TF_ATTR_STRING: number;
    TF_ATTR_BOOL: number;
    TF_INT64: number;
  };
  const poolAttrs = [
    { name: 'ksize', type: bb.TF_ATTR_INT, value: [1, 2, 2, 1] },
    { name: 'strides', type: bb.TF_ATTR_INT, value: [1, 2, 2, 1] },
    { name: 'padding', type: bb.TF_ATTR_STRING, value: 'VALID' },
    { name: 'include_batch_in_index', type: bb.TF_ATTR_BOOL, value: true },
    { name: 'T', type: b.TF_ATTR_TYPE, value: b.TF_FLOAT },
  ];
  const argmaxPoolGrad = (h: TF.Tensor4D, dPooled: TF.Tensor4D) =>
    tf.tidy(() => {
      const [, indexes] = native.executeMultipleOutputs(
        'MaxPoolWithArgmax',
        [...poolAttrs, { name: 'Targmax', type: b.TF_ATTR_TYPE, value: bb.TF_INT64 }] as never,
        [h],
        2,
      );
      return native.executeSingleOutput(
        'MaxPoolGradWithArgmax',
        [...poolAttrs, { name: 'Targmax', type: b.TF_ATTR_TYPE, value: bb.TF_INT64 }] as never,
        [h, dPooled, indexes!],
      );
    });
  const cases: Case[] = [
    ['conv1 forward (fused bias)', () => k.conv(x1, w1, b1)],
    ['conv2 forward (fused bias)', () => k.conv(x2, w2, b2)],
    ['conv2 forward plain conv2d', () => tf.conv2d(x2, w2, 1, 'same')],
    // NCHW: "The Conv2D op currently only supports the NHWC tensor format on the CPU".
    ['conv1 forward im2col', () => tf.matMul(patches(x1), tf.reshape(w1, [9, 32]))],
    ['conv2 forward im2col', () => tf.matMul(patches(x2), tf.reshape(w2, [288, 64]))],
    ['conv2 im2col patches only', () => patches(x2)],
    ['conv1 filter gradient', () => k.filterGrad(x1, h1, [3, 3, 1, 32])],
    ['conv2 filter gradient', () => k.filterGrad(x2, h2, [3, 3, 32, 64])],
    ['conv2 input gradient', () => k.inputGrad(h2, w2)],
    ['pool 28x28x32', () => k.pool(h1)],
    ['pool gradient 28x28x32', () => k.poolGrad(p1, h1, p1)],
    ['pool gradient by mask', () => maskPoolGrad(h1, p1, p1)],
    ['pool gradient by argmax', () => argmaxPoolGrad(h1, p1)],
    ['relu backward 28x28x32', () => k.reluBackward(h1, h1)],
    ['elementwise mul 28x28x32', () => tf.mul(h1, h1)],
    ['elementwise sqrt 28x28x32', () => tf.sqrt(h1)],
    ['noise 128 x 37770', () => noise([128, 37770], 5)],
    ['uniform 128 x 37770', () => uniform([128, 37770])],
    ['box-muller 128 x 37770', () => boxMuller([128, 37770])],
    ['dense1 forward', () => tf.matMul(a3, w3)],
    ['dense1 weight gradient', () => tf.matMul(a3, g3, true, false)],
    ['dense1 input gradient', () => tf.matMul(g3, w3, false, true)],
    ['matmul 1024^3', () => tf.matMul(r([1024, 1024], 1), r([1024, 1024], 2))],
  ];
  const only = args.only?.split(',');
  const reps = Number(args.reps);
  for (const [name, run] of cases) {
    if (only && !only.some((o) => name.includes(o))) continue;
    const t = time(tf, run, reps);
    console.log(
      `${name.padEnd(32)} cpu ${t.cpu.toFixed(1).padStart(7)} ms   wall ${t.wall.toFixed(1).padStart(7)} ms`,
    );
  }
}

void main();

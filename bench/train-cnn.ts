// Trains the reference Bayesian CNN (issue #12: conv 3×3×32 same, ReLU, 2×2 max-pool, conv 3×3×64,
// ReLU, 2×2 max-pool, dense 128, ReLU, dense 10; mean-field Gaussian over every weight and bias;
// local reparameterisation in every layer; batch 128) with the engine, and reports steps/s and
// achieved GFLOP/s against a matrix-multiply rate measured in the same process, as JSON lines in
// the shape of bench/jax (its README). The clock counts update steps only (batches included).
//
// FLOP per step = 2 · B · (6·M − 2·M₀), M = arch.ts forwardMacs (multiply-adds of one example's
// forward pass), M₀ = the first layer's: local reparameterisation runs each layer twice forward
// (mean and variance), and backward each of the two needs a weight gradient and (but in the first
// layer) an input gradient, each as many multiply-adds as the forward. Element-wise work is not
// counted. Reference net: M = 4 241 152, M₀ = 225 792 → 6.40 GFLOP per step.
//
// Usage: npx tsx bench/train-cnn.ts [--steps 300] [--seed 0] [--gradient hand|autodiff]
//        [--threads N] [--eval-samples 4] [--json]
// --threads sets TensorFlow's intra-op threads (TF_NUM_INTRAOP_THREADS; default: TensorFlow's, one
// per core); the matmul rate is measured with the same setting.
import { mnistDataset } from '../src/main/engine/datasets/mnist';
import os from 'node:os';
import { parseArgs } from 'node:util';
import type * as TF from '@tensorflow/tfjs';
import { MNIST_SHAPE } from '../src/shared/data-shape';
import { TrainConfig } from '../src/shared/training';
import { loadBackend, type BackendPreference } from '../src/main/engine/backend';
import { BatchSchedule, BatchSource, splitTensors } from '../src/main/engine/data/dataset';
import { SPLIT_SIZES } from '../src/main/engine/data/mnist';
import { mixSeed } from '../src/main/engine/bnn/rng';
import { forwardMacs, layersFor } from '../src/main/engine/families/arch';
import type { Predictor } from '../src/main/engine/families/family';
import { openCnnTrainer } from '../src/main/engine/families/mfvi-cnn/trainer';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '300' },
    seed: { type: 'string', default: '0' },
    gradient: { type: 'string', default: 'hand' },
    threads: { type: 'string' },
    backend: { type: 'string', default: 'tensorflow' },
    'eval-samples': { type: 'string', default: '4' },
    json: { type: 'boolean', default: false },
  },
});

const WARMUP_STEPS = 3;

/** FLOP of one local-reparameterisation training step (see the header). */
function stepFlop(config: TrainConfig): number {
  const layers = layersFor(config, MNIST_SHAPE);
  const total = forwardMacs(layers);
  const first = forwardMacs(layers.slice(0, 1));
  return 2 * config.batchSize * (6 * total - 2 * first);
}

/** GFLOP/s of float32 [n×n]·[n×n] products over about `seconds`. */
function matmulRate(tf: typeof TF, n = 1024, seconds = 2): number {
  const a = tf.randomNormal([n, n], 0, 1, 'float32', 1);
  const b = tf.randomNormal([n, n], 0, 1, 'float32', 2);
  tf.matMul(a, b).dispose();
  let runs = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    tf.matMul(a, b).dataSync();
    runs += 1;
  }
  const rate = (runs * 2 * n ** 3) / ((performance.now() - t0) / 1000) / 1e9;
  tf.dispose([a, b]);
  return rate;
}

/** Test accuracy of the mean softmax over `samples` weight draws, in chunks of 1000. */
function testAccuracy(tf: typeof TF, predictor: Predictor, samples: number): number {
  const test = splitTensors(tf, mnistDataset, 'test');
  let correct = 0;
  for (let start = 0; start < test.count; start += 1000) {
    const pred = tf.tidy(() => {
      const x = tf.slice(test.images, [start, 0], [1000, -1]);
      return tf.argMax(tf.mean(predictor.sampleProbs!(x, samples, mixSeed(7, start)), 0), 1).dataSync();
    });
    pred.forEach((c, i) => (correct += c === test.labels[start + i] ? 1 : 0));
  }
  test.dispose();
  return correct / test.count;
}

async function main(): Promise<void> {
  if (args.threads) process.env.TF_NUM_INTRAOP_THREADS = args.threads;
  const { tf, backend } = await loadBackend(args.backend as BackendPreference);
  const steps = Number(args.steps);
  const config = TrainConfig.parse({
    preset: 'bench-bcnn',
    arch: 'cnn',
    conv: [32, 64],
    hidden: [128],
    batchSize: 128,
    steps,
    seed: Number(args.seed),
  });
  const ctx = { config, shape: MNIST_SHAPE, trainSize: SPLIT_SIZES.train };
  const gradient = args.gradient === 'autodiff' ? 'autodiff' : 'hand';
  const trainer = await openCnnTrainer(tf, ctx, undefined, { gradient });
  const source = new BatchSource(
    mnistDataset,
    'train',
    new BatchSchedule(mixSeed(config.seed, 0xda7a), SPLIT_SIZES.train, config.batchSize),
    config.batchSize,
  );
  const update = (step: number) => {
    const { x, y } = source.batch(tf, step);
    trainer.step(x, y, mixSeed(config.seed, 0x5eed, step));
    tf.dispose([x, y]);
  };
  for (let s = 0; s < WARMUP_STEPS; s++) update(s);
  trainer.priorTerm(); // downloads theta: the backend has finished
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (let s = WARMUP_STEPS; s < WARMUP_STEPS + steps; s++) update(s);
  trainer.priorTerm();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const predictor = trainer.predictor();
  const accuracy = testAccuracy(tf, predictor, Number(args['eval-samples']));
  predictor.dispose();
  const flop = stepFlop(config);
  const matmul = matmulRate(tf);
  const summary = {
    done: true,
    impl: 'unsure',
    model: 'bcnn',
    backend,
    gradient,
    intra_op_threads: process.env.TF_NUM_INTRAOP_THREADS ?? 'default',
    steps,
    warmup_steps: WARMUP_STEPS,
    seed: config.seed,
    steps_per_second: steps / seconds,
    train_seconds: seconds,
    cpu_ms_per_step: (cpu.user + cpu.system) / 1000 / steps,
    gflop_per_step: flop / 1e9,
    achieved_gflops: (flop * steps) / seconds / 1e9,
    matmul_gflops: matmul,
    load_average_1min: os.loadavg()[0],
    final_test_accuracy: accuracy,
    final_kl_divergence: trainer.priorTerm(),
  };
  trainer.dispose();
  console.log(args.json ? JSON.stringify(summary) : `summary: ${JSON.stringify(summary, null, 1)}`);
}

void main();

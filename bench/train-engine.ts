// Trains a preset with the engine and reports throughput and time to 97.5% / 97.9% test accuracy,
// in the same JSON shape as bench/jax (see its README) so the two can be compared line by line.
// The clock counts update steps only; it stops for each evaluation (10-sample test accuracy).
// Usage: npx tsx bench/train-engine.ts [--preset article] [--steps N] [--backend tensorflow|wasm|cpu]
//        [--eval-every 500] [--seed 0] [--set '{"estimator":"local"}'] [--json]
import { mnistDataset } from '../src/main/engine/datasets/mnist';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadBackend, type BackendPreference } from '../src/main/engine/backend';
import { preferSingleThreadedOps } from '../src/main/engine/train/threads';
import { mixSeed } from '../src/main/engine/bnn/rng';
import { evaluateSplit } from '../src/main/engine/train/metrics';
import { presetConfig } from '../src/main/engine/train/presets';
import { blockSize, openSession, runSteps, type Session } from '../src/main/engine/train/session';
import { stepsThisCall } from '../src/main/engine/train/trainer';

const { values: args } = parseArgs({
  options: {
    preset: { type: 'string', default: 'article' },
    steps: { type: 'string' },
    backend: { type: 'string', default: 'tensorflow' },
    'eval-every': { type: 'string', default: '500' },
    seed: { type: 'string', default: '0' },
    json: { type: 'boolean', default: false },
    set: { type: 'string', default: '{}' },
  },
});

function testAccuracy(s: Session, step: number): { accuracy: number; kl: number } {
  const kl = s.trainer.priorTerm();
  const predictor = s.trainer.predictor();
  const m = evaluateSplit(
    s.tf,
    predictor,
    s.test,
    { evalSamples: 10, beta: s.config.beta },
    kl,
    mixSeed(step, 7),
  );
  predictor.dispose();
  return { accuracy: m.accuracy, kl };
}

/** 'graph' or 'eager' for the mean-field MLP's trainer (absent for other trainers). */
const stepMode = (s: Session): string | null => ('mode' in s.trainer ? String(s.trainer.mode) : null);

async function main(): Promise<void> {
  const overrides = { seed: Number(args.seed), ...(args.steps ? { steps: Number(args.steps) } : {}) };
  const extra = JSON.parse(args.set) as object;
  const config = presetConfig(args.preset, { ...overrides, ...extra, trainEvalSize: 100 });
  const evalEvery = Number(args['eval-every']);
  preferSingleThreadedOps();
  const { tf, backend } = await loadBackend(args.backend as BackendPreference);
  const s = await openSession(tf, config, mnistDataset);
  const reached: Record<string, { steps: number; seconds: number } | null> = { '975': null, '979': null };
  let trainMs = 0;
  let cpuMs = 0; // this process's CPU time in the update loops: steadier than wall time on a busy machine
  let last = { accuracy: 0, kl: 0 };
  const report = (step: number) => {
    last = testAccuracy(s, step);
    for (const [key, level] of [
      ['975', 0.975],
      ['979', 0.979],
    ] as const) {
      if (!reached[key] && last.accuracy >= level) reached[key] = { steps: step, seconds: trainMs / 1000 };
    }
    const line = { step, test_accuracy: last.accuracy, train_seconds: trainMs / 1000 };
    console.log(
      args.json
        ? JSON.stringify(line)
        : `step ${step}  test accuracy ${last.accuracy.toFixed(4)}  ${line.train_seconds.toFixed(1)} s`,
    );
  };
  report(0);
  for (let step = 0; step < config.steps;) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const until = Math.min(config.steps, step + evalEvery);
    const intervals = { steps: until, logEvery: evalEvery, checkpointEvery: evalEvery };
    while (step < until) {
      const count = stepsThisCall(step, intervals, blockSize(s));
      runSteps(s, step, count);
      step += count;
    }
    s.trainer.priorTerm(); // reads the parameters: the clock stops only once the backend has finished
    trainMs += performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    cpuMs += (cpu.user + cpu.system) / 1000;
    report(step);
  }
  const summary = {
    done: true,
    impl: 'unsure',
    backend,
    step_mode: stepMode(s),
    steps_per_call: blockSize(s),
    preset: config.preset,
    estimator: config.estimator,
    hidden: config.hidden,
    steps: config.steps,
    seed: config.seed,
    steps_per_second: config.steps / (trainMs / 1000),
    train_seconds: trainMs / 1000,
    cpu_ms_per_step: cpuMs / config.steps,
    load_average_1min: os.loadavg()[0],
    steps_to_975: reached['975']?.steps ?? null,
    seconds_to_975: reached['975']?.seconds ?? null,
    steps_to_979: reached['979']?.steps ?? null,
    seconds_to_979: reached['979']?.seconds ?? null,
    final_test_accuracy: last.accuracy,
    final_kl_divergence: last.kl,
  };
  console.log(args.json ? JSON.stringify(summary) : `summary: ${JSON.stringify(summary)}`);
  s.dispose();
}

void main();

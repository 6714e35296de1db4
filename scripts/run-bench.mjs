#!/usr/bin/env node
// `npm run bench:train` and `npm run bench:check`: print figures, assert nothing. Speed on this
// shared machine is noisy, so the training benchmark runs the engine (native, WASM) and the JAX
// reference one after the other in one invocation and reports ratios, not absolute claims.
//   npm run bench:train [-- --steps 10000 --wasm-steps 1000 --engine-preset article --skip-jax]
//                        [--cnn-steps 300 --cnn-only --skip-cnn]
//   npm run bench:check [-- MODEL_DIR]
// The CNN part trains the reference Bayesian CNN (issue #12) with the engine (bench/train-cnn.ts)
// and with JAX (bench/jax/run.sh --model bcnn), and prints the steps/s ratio and the engine's
// achieved GFLOP/s against the matmul rate measured in the same engine process.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const env = { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' };

/** Runs a benchmark command that prints JSON lines; returns its `done` summary line. */
function run(label, command, args) {
  console.log(`\n=== ${label}: ${[path.relative(root, command), ...args].join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: root,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = (result.stdout ?? '').split('\n').filter((l) => l.startsWith('{'));
  for (const line of lines) console.log(line);
  const done = lines.map((l) => JSON.parse(l)).find((o) => o.done);
  if (result.status !== 0 || !done) {
    console.log(`${label}: failed (exit ${result.status})`);
    return null;
  }
  return { label, ...done };
}

function fmt(value, digits = 1) {
  return value === null || value === undefined ? '—' : Number(value).toFixed(digits);
}

function benchTrain(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      steps: { type: 'string', default: '10000' },
      'wasm-steps': { type: 'string', default: '1000' },
      'engine-preset': { type: 'string', default: 'article' },
      'eval-every': { type: 'string', default: '500' },
      'skip-jax': { type: 'boolean', default: false },
      'cnn-steps': { type: 'string', default: '300' },
      'cnn-only': { type: 'boolean', default: false },
      'skip-cnn': { type: 'boolean', default: false },
    },
  });
  const cnn = values['skip-cnn'] ? null : benchCnn(values['cnn-steps'], values['skip-jax']);
  if (!values['cnn-only']) benchMlp(values);
  if (cnn) printCnn(cnn);
}

function benchMlp(values) {
  const common = ['--steps', values.steps, '--eval-every', values['eval-every'], '--json'];
  const rows = [
    run('engine, native TensorFlow (article: weight sampling)', tsx, [
      'bench/train-engine.ts',
      '--preset',
      values['engine-preset'],
      '--backend',
      'tensorflow',
      ...common,
    ]),
    run('engine, native, local reparameterisation', tsx, [
      'bench/train-engine.ts',
      '--preset',
      values['engine-preset'],
      '--set',
      '{"estimator":"local"}',
      '--backend',
      'tensorflow',
      ...common,
    ]),
    run('engine, WASM', tsx, [
      'bench/train-engine.ts',
      '--preset',
      values['engine-preset'],
      '--backend',
      'wasm',
      '--steps',
      values['wasm-steps'],
      '--eval-every',
      values['wasm-steps'],
      '--json',
    ]),
    values['skip-jax'] ? null : run('JAX (article recipe, XLA)', path.join(root, 'bench/jax/run.sh'), common),
  ].filter(Boolean);
  console.log(`\n=== summary (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`);
  console.log('| run | steps/s | s to 97.5% | s to 97.9% | final test accuracy |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows) {
    console.log(
      `| ${r.label} | ${fmt(r.steps_per_second, 0)} | ${fmt(r.seconds_to_975)} | ${fmt(r.seconds_to_979)} | ${fmt(r.final_test_accuracy, 4)} |`,
    );
  }
  const jax = rows.find((r) => r.label.startsWith('JAX'));
  for (const engine of rows.filter((r) => r.label.startsWith('engine, native'))) {
    if (jax)
      console.log(
        `${engine.label} / JAX steps/s: ${(engine.steps_per_second / jax.steps_per_second).toFixed(2)}`,
      );
  }
}

/** Engine and JAX runs of the reference Bayesian CNN, one after the other (same load, same steps). */
function benchCnn(steps, skipJax) {
  const engine = run('engine BCNN, native TensorFlow', tsx, [
    'bench/train-cnn.ts',
    '--steps',
    steps,
    '--json',
  ]);
  const jax = skipJax
    ? null
    : run('JAX BCNN (XLA)', path.join(root, 'bench/jax/run.sh'), [
        '--model',
        'bcnn',
        '--steps',
        steps,
        '--eval-every',
        steps,
        '--samples',
        '4',
        '--json',
      ]);
  return { engine, jax };
}

function printCnn({ engine, jax }) {
  console.log(
    `\n=== reference Bayesian CNN (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`,
  );
  console.log('| run | steps/s | CPU ms/step | final test accuracy |');
  console.log('| --- | --- | --- | --- |');
  for (const r of [engine, jax].filter(Boolean)) {
    console.log(
      `| ${r.label} | ${fmt(r.steps_per_second, 2)} | ${fmt(r.cpu_ms_per_step, 0)} | ${fmt(r.final_test_accuracy, 4)} |`,
    );
  }
  if (engine && jax) {
    console.log(`engine / JAX steps/s: ${(engine.steps_per_second / jax.steps_per_second).toFixed(2)}`);
  }
  if (engine) {
    console.log(
      `engine: ${fmt(engine.gflop_per_step, 2)} GFLOP/step → ${fmt(engine.achieved_gflops)} GFLOP/s achieved; ` +
        `matmul ${fmt(engine.matmul_gflops)} GFLOP/s in the same process ` +
        `(${((100 * engine.achieved_gflops) / engine.matmul_gflops).toFixed(0)}%)`,
    );
  }
}

function benchCheck(argv) {
  run('verdict latency and test set × 100 samples', tsx, ['bench/check.ts', ...argv]);
}

const [which, ...rest] = process.argv.slice(2);
if (which === 'train') benchTrain(rest);
else if (which === 'check') benchCheck(rest);
else {
  console.error('usage: node scripts/run-bench.mjs train|check [options]');
  process.exit(2);
}

#!/usr/bin/env node
// `npm run bench:train` and `npm run bench:check`: print figures, assert nothing. Speed on this
// shared machine is noisy, so the training benchmark runs the engine (native, WASM) and the JAX
// reference one after the other in one invocation and reports ratios, not absolute claims.
//   npm run bench:train [-- --steps 10000 --wasm-steps 1000 --engine-preset article --skip-jax]
//   npm run bench:check
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
    },
  });
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

function benchCheck() {
  run('verdict latency and test set × 100 samples', tsx, ['bench/check.ts']);
}

const [which, ...rest] = process.argv.slice(2);
if (which === 'train') benchTrain(rest);
else if (which === 'check') benchCheck();
else {
  console.error('usage: node scripts/run-bench.mjs train|check [options]');
  process.exit(2);
}

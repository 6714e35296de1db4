#!/usr/bin/env node
// `npm test`: every gate CI runs, in order, from the same commands a developer uses. Each gate
// counts as one check; Vitest and Playwright add their test counts. Ends with "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const reports = path.join(root, 'test-results');
fs.mkdirSync(reports, { recursive: true });
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const only = process.argv.slice(2);

const gates = [
  { name: 'typecheck (node)', cmd: [bin('tsc'), '--noEmit', '-p', 'tsconfig.node.json'] },
  { name: 'typecheck (web)', cmd: [bin('tsc'), '--noEmit', '-p', 'tsconfig.web.json'] },
  { name: 'typecheck (e2e)', cmd: [bin('tsc'), '--noEmit', '-p', 'tests/e2e/tsconfig.json'] },
  {
    name: 'svelte-check',
    cmd: [bin('svelte-check'), '--tsconfig', './tsconfig.web.json', '--fail-on-warnings'],
  },
  { name: 'eslint', cmd: [bin('eslint'), '.', '--max-warnings', '0'] },
  { name: 'prettier', cmd: [bin('prettier'), '--check', '.'] },
  {
    name: 'vitest',
    cmd: [
      bin('vitest'),
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${reports}/vitest.json`,
    ],
    counts: () => vitestCounts(path.join(reports, 'vitest.json')),
  },
  { name: 'electron-vite build', cmd: [bin('electron-vite'), 'build'] },
  // Electron security scan: fails on any HIGH or MEDIUM finding (the tool's exit code does not).
  { name: 'electronegativity', cmd: [process.execPath, path.join(root, 'scripts', 'electronegativity.mjs')] },
  {
    name: 'playwright (Chromium)',
    cmd: [bin('playwright'), 'test'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: path.join(reports, 'playwright.json'), PW_REPORTERS: 'list,json' },
    counts: () => playwrightCounts(path.join(reports, 'playwright.json')),
  },
];

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function vitestCounts(file) {
  const r = readJson(file);
  if (!r) return null;
  // A test file that fails to load has no tests: count it as one failure, not zero.
  const brokenFiles = (r.testResults ?? []).filter(
    (f) => f.status === 'failed' && f.assertionResults.length === 0,
  );
  return { passed: r.numPassedTests, failed: r.numFailedTests + brokenFiles.length };
}

function playwrightCounts(file) {
  const s = readJson(file)?.stats;
  return s ? { passed: s.expected + s.flaky, failed: s.unexpected } : null;
}

let passed = 0;
let failed = 0;
const lines = [];
for (const gate of gates) {
  if (only.length > 0 && !only.some((o) => gate.name.startsWith(o))) continue;
  console.log(`\n=== ${gate.name}`);
  const started = Date.now();
  const run = spawnSync(gate.cmd[0], gate.cmd.slice(1), {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', ...(gate.env ?? {}) },
  });
  const ok = run.status === 0;
  const counts = gate.counts?.() ?? null;
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
  }
  // The gate itself is a check: a runner that crashed with no counts still fails the run.
  if (ok) passed += 1;
  else failed += 1;
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  lines.push(
    `${ok ? 'ok  ' : 'FAIL'} ${gate.name} (${seconds} s)${counts ? `: ${counts.passed} passed, ${counts.failed} failed` : ''}`,
  );
}
console.log('\n=== summary');
for (const line of lines) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

// Does a cheap request stay quick while heavy work runs? Starts the real handlers (as serve and the
// desktop app do), launches one heavy request, and sends getSystemInfo every 50 ms until it ends.
// Each round trip is timed from when it was due, so a blocked event loop counts in full.
// Prints max/median latency, event-loop delay, the heavy call's duration and peak RSS (this
// process; plus its child processes, sampled). One fresh process per case.
// `import-served` runs the real web server (src/main/serve.ts) in a child process and sends the
// import and the pings over one WebSocket on 127.0.0.1, as the served page does.
// Run: npx tsx bench/responsiveness.ts [train|report|import|import-served] ...   (no case: all)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { dispatch, EventHub } from '../src/main/api/dispatch';
import { createHandlers } from '../src/main/api/handlers';
import { encodeExport } from '../src/main/engine/export';
import { fakeMeta, fakePosterior } from '../src/main/engine/store/fixtures';
import { APP_VERSION } from '../src/main/version';
import { descendants, quantile, rssMb } from './process-stats';
import { measureServedImport } from './served-import';

const CASES = ['train', 'report', 'import', 'import-served'] as const;
type Case = (typeof CASES)[number];
const PING_MS = 50;

/** A ~300 MB export file: a posterior of three 4096-unit layers. */
export function bigExport(): Uint8Array {
  const meta = { ...fakeMeta({ id: 'big', hidden: [4096, 4096, 4096] }), calibration: null };
  const bytes = encodeExport(
    { dir: '', meta, posterior: fakePosterior(meta.config.hidden), metrics: [] },
    APP_VERSION,
  );
  console.log(`import file: ${(bytes.length / 1024 ** 2).toFixed(0)} MB`);
  return bytes;
}

function heavyCall(
  which: Exclude<Case, 'import-served'>,
  handlers: ReturnType<typeof createHandlers>,
): () => Promise<unknown> {
  if (which === 'train') return () => dispatch(handlers, 'getTrainScores', [{}]);
  if (which === 'report') return () => dispatch(handlers, 'getUncertaintyReport', [{}]);
  const data = bigExport();
  return () => dispatch(handlers, 'importModel', [{ fileName: 'big.safetensors', data }]);
}

async function measure(which: Exclude<Case, 'import-served'>): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-bench-loop-'));
  const handlers = createHandlers({
    appVersion: APP_VERSION,
    transport: 'web',
    dataRoot: root,
    resourcesDir: path.resolve('resources'),
    events: new EventHub(),
    dialogs: null,
  });
  // A running app has loaded the backend and, with the Data view, MNIST's labels.
  await dispatch(handlers, 'getSystemInfo', []);
  await dispatch(handlers, 'getDatasetSummary', []);
  const call = heavyCall(which, handlers);
  const baseline = rssMb('self');
  const latencies: number[] = [];
  let childPeak = 0;
  let running = true;
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const pinger = (async () => {
    for (let due = performance.now(); running; due += PING_MS) {
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      childPeak = Math.max(
        childPeak,
        descendants().reduce((sum, pid) => sum + rssMb(pid), 0),
      );
      const reply = await dispatch(handlers, 'getSystemInfo', []);
      if (!reply.ok) throw new Error(reply.error.message);
      latencies.push(performance.now() - due);
    }
  })();
  const started = performance.now();
  const result = (await call()) as { ok: boolean; error?: { message: string } };
  const seconds = (performance.now() - started) / 1000;
  running = false;
  await pinger;
  loop.disable();
  if (!result.ok) throw new Error(`${which}: ${result.error?.message}`);
  latencies.sort((a, b) => a - b);
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  console.log(
    `${which}: ${seconds.toFixed(1)} s; getSystemInfo ×${latencies.length}: median ${ms(quantile(latencies, 0.5))}, ` +
      `p95 ${ms(quantile(latencies, 0.95))}, max ${ms(latencies.at(-1)!)}; event-loop delay max ${ms(loop.max / 1e6)}; ` +
      `RSS ${baseline.toFixed(0)} MB before, peak ${rssMb('self', 'VmHWM').toFixed(0)} MB` +
      (childPeak > 0 ? ` (+ child processes ${childPeak.toFixed(0)} MB)` : '') +
      `; load ${os.loadavg()[0]!.toFixed(1)}`,
  );
  fs.rmSync(root, { recursive: true, force: true });
}

const asked = process.argv.slice(2).filter((a): a is Case => (CASES as readonly string[]).includes(a));
if (asked.length === 1) {
  const which = asked[0]!;
  void (which === 'import-served' ? measureServedImport(bigExport()) : measure(which)).then(() =>
    process.exit(0),
  );
} else {
  // One process per case, so each starts with empty caches and its own peak RSS.
  for (const which of asked.length > 0 ? asked : CASES) {
    spawnSync(process.execPath, [...process.execArgv, __filename, which], {
      stdio: 'inherit',
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
    });
  }
}

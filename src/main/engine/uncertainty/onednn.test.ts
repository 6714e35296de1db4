import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// TensorFlow reads TF_ENABLE_ONEDNN_OPTS once, from the process's real environment, and says so on
// stderr: that line is the one sign of which kernels it chose. Each case runs in a fresh process
// whose environment does not set the variable, as the app and the CLI start.
const ONEDNN_ON = /oneDNN custom operations are on/;
const tsx = createRequire(__filename).resolve('tsx/cjs/api');

function runFresh(body: string): { status: number | null; stdout: string; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' };
  delete env.TF_ENABLE_ONEDNN_OPTS;
  const code = `require(${JSON.stringify(tsx)}).register();\n${body}`;
  const run = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', env, timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('native TensorFlow runs with its oneDNN kernels', () => {
  it('when the engine loads it', () => {
    const backend = JSON.stringify(path.join(__dirname, '..', 'backend.ts'));
    const run = runFresh(
      `require(${backend}).loadBackend('tensorflow').then((b) => { console.log(b.backend); process.exit(0); });`,
    );
    expect(run.stdout.trim(), run.stderr).toBe('tensorflow');
    expect(run.stderr).toMatch(ONEDNN_ON);
  });

  it('when the scoring worker is the first to load it', () => {
    const scorer = JSON.stringify(path.join(__dirname, 'scorer.ts'));
    const model = JSON.stringify(path.resolve(__dirname, '../../../../resources/default-model'));
    // This thread never loads TensorFlow: the worker's load is the process's first.
    const run = runFresh(
      `const { Scorer } = require(${scorer});
       const scorer = new Scorer();
       scorer.score(${model}, { pixels: new Float32Array(784) }, 2)
         .then((s) => { console.log(s.count); return scorer.close(); })
         .then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });`,
    );
    expect(run.stdout.trim(), run.stderr).toBe('1');
    expect(run.stderr).toMatch(ONEDNN_ON);
  });
});

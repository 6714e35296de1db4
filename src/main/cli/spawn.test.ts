// The CLI as users run it: bin/unsure.cjs → the bundled out/main/cli.js → a trainer child process.
// Builds only the CLI and trainer entries (about 2 s) into a scratch folder inside node_modules so
// the bundle resolves the project's packages, then spawns it.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const project = path.resolve(__dirname, '../../..');
// A fresh clone has no node_modules/.cache yet (this failed in CI's fresh clone).
const cacheDir = path.join(project, 'node_modules', '.cache');
fs.mkdirSync(cacheDir, { recursive: true });
const scratch = fs.mkdtempSync(path.join(cacheDir, 'unsure-cli-'));
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-spawn-'));
const bin = path.join(scratch, 'bin', 'unsure.cjs');
const { version } = JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8')) as {
  version: string;
};

beforeAll(() => {
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  fs.copyFileSync(path.join(project, 'bin', 'unsure.cjs'), bin);
  const config = path.join(scratch, 'cli.config.mjs');
  const input = { cli: 'src/main/cli.ts', 'trainer-process': 'src/main/trainer-process.ts' };
  const entries = Object.entries(input).map(([k, v]) => `'${k}': '${path.join(project, v)}'`);
  fs.writeFileSync(
    config,
    `import { defineConfig } from 'electron-vite';\n` +
      `export default defineConfig({ main: { build: { rollupOptions: { input: { ${entries.join(', ')} } } } } });\n`,
  );
  execFileSync(
    path.join(project, 'node_modules', '.bin', 'electron-vite'),
    ['build', '-c', config, '--outDir', path.join(scratch, 'out'), '--logLevel', 'error'],
    { cwd: project, stdio: 'pipe' },
  );
});
afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.rmSync(home, { recursive: true, force: true });
});

function unsure(...args: string[]): { code: number | null; out: string; err: string } {
  const run = spawnSync(process.execPath, [bin, ...args], {
    cwd: home,
    encoding: 'utf8',
    env: { ...process.env, UNSURE_HOME: home, TF_CPP_MIN_LOG_LEVEL: '3' },
    timeout: 120_000,
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

/** stderr without TensorFlow's own start-up chatter (written by the C++ library, not by us). */
const ourStderr = (err: string): string =>
  err
    .split('\n')
    .filter((l) => l.startsWith('unsure:'))
    .join('\n');

describe('bin/unsure.cjs', () => {
  it('says in one line to build when out/main/cli.js is missing', () => {
    const bare = path.join(scratch, 'bare', 'bin', 'unsure.cjs');
    fs.mkdirSync(path.dirname(bare), { recursive: true });
    fs.copyFileSync(bin, bare);
    const run = spawnSync(process.execPath, [bare], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^unsure: the CLI is not built yet; run `npm run build`[^\n]*\n$/);
  });

  it('prints its version and refuses a bad flag with one line, exit 2', () => {
    expect(unsure('--version')).toMatchObject({
      code: 0,
      out: `${version}\n`,
    });
    const bad = unsure('train', '--steps', 'many');
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('unsure: --steps expects a number, got "many"\n');
  });

  it('trains a tiny model in a child process with --json lines, then exports and re-imports it', () => {
    const train = unsure(
      'train',
      '--hidden',
      '8',
      // 40 steps: at 20 this net is still below twice chance, which now fails the run.
      '--steps',
      '40',
      '--log-every',
      '20',
      '--eval-samples',
      '1',
      '--json',
    );
    expect(ourStderr(train.err)).toBe('');
    expect(train.code).toBe(0);
    const lines = train.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => 'steps_per_second' in l).map((l) => l.step)).toEqual([0, 20, 40]);
    const done = lines.at(-1)!;
    expect(done).toMatchObject({ done: true, status: 'complete', step: 40 });
    const modelDir = done.model as string;
    expect(path.dirname(modelDir)).toBe(path.join(home, 'models'));
    expect(unsure('export', '--model', modelDir, '--out', 'm.safetensors').code).toBe(0);
    const imported = unsure('import', 'm.safetensors', '--json');
    expect(imported.code).toBe(0);
    expect(fs.readdirSync(path.join(home, 'models'))).toHaveLength(2);
  });
});

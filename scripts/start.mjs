#!/usr/bin/env node
// `npm start`: builds and launches the Electron app, or says in one line how to use the browser
// instead when no Electron binary could be installed (its download host is unreachable here).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

const electronDir = path.dirname(require.resolve('electron/package.json'));

/** The Electron executable if present, without triggering electron's own noisy lazy download. */
function installedBinary() {
  const pathFile = path.join(electronDir, 'path.txt');
  if (!fs.existsSync(pathFile)) return null;
  const binary = path.join(electronDir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : null;
}

/** Electron 42+ downloads its binary on first use; try once, quietly, and report only the outcome. */
function electronBinary() {
  const present = installedBinary();
  if (present || process.env.UNSURE_NO_ELECTRON_DOWNLOAD === '1') return present;
  console.log('Unsure: fetching the Electron binary (first start only)…');
  spawnSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: 'ignore', timeout: 300_000 });
  return installedBinary();
}

const binary = electronBinary();
if (!binary) {
  console.log(
    'Unsure: no Electron binary is installed on this machine (its download was unreachable), so the desktop window cannot open; run `npm run serve` and open the printed URL in a browser instead.',
  );
  process.exit(0);
}
const build = spawnSync(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'build'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);
const child = spawn(binary, [root], { stdio: 'inherit', env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } });
child.on('exit', (code) => process.exit(code ?? 0));

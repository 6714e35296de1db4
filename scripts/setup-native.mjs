#!/usr/bin/env node
// Builds @tensorflow/tfjs-node's addon against the TensorFlow CPU wheel from the Python package
// index, instead of tfjs-node's own download server (unreachable here, 403 for many users).
// Never fails the install: on any problem it records why, and the app runs on WASM instead.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const TF_WHEEL = 'tensorflow-cpu==2.21.0';
const require = createRequire(import.meta.url);
const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const statusFile = path.join(projectRoot, 'node_modules', '.unsure-native.json');

function log(message) {
  console.log(`[unsure native] ${message}`);
}

function writeStatus(status) {
  const tmp = `${statusFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ ...status, at: new Date().toISOString() }, null, 2));
  fs.renameSync(tmp, statusFile);
}

function fallback(reason) {
  log(`native TensorFlow not available: ${reason}`);
  log('the app will run on the WASM backend (slower); see README "Native backend".');
  writeStatus({ native: false, reason });
  process.exit(0);
}

function packageDir() {
  try {
    return path.dirname(require.resolve('@tensorflow/tfjs-node/package.json'));
  } catch {
    return null;
  }
}

/** Runs node in a child to see whether the addon loads and which backend it gives. */
function probeBackend() {
  const code =
    "const tf=require('@tensorflow/tfjs-node');" +
    'process.stdout.write(JSON.stringify({backend:tf.getBackend(),tf:tf.version_core,' +
    'tensorflow:(tf.version&&tf.version["tfjs-node"])||null}))';
  const r = spawnSync(process.execPath, ['-e', code], {
    cwd: projectRoot,
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
    encoding: 'utf8',
  });
  if (r.status !== 0) return { ok: false, error: (r.stderr || '').trim().split('\n').slice(-3).join(' ') };
  try {
    return { ok: true, ...JSON.parse(r.stdout.trim().split('\n').pop()) };
  } catch {
    return { ok: false, error: `unexpected probe output: ${r.stdout.slice(0, 200)}` };
  }
}

function python() {
  for (const candidate of ['python3', 'python']) {
    const r = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return candidate;
  }
  return null;
}

function downloadWheel(py) {
  const cacheRoot = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const dir = path.join(cacheRoot, 'unsure', 'wheels');
  fs.mkdirSync(dir, { recursive: true });
  const existing = fs.readdirSync(dir).find((f) => /^tensorflow_cpu-2\.21\.0-.*\.whl$/.test(f));
  if (existing) return path.join(dir, existing);
  log(`downloading the ${TF_WHEEL} wheel with pip (about 270 MB, cached in ${dir})`);
  const r = spawnSync(
    py,
    ['-m', 'pip', 'download', TF_WHEEL, '--no-deps', '--only-binary=:all:', '-d', dir],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (r.status !== 0) return null;
  const wheel = fs.readdirSync(dir).find((f) => /^tensorflow_cpu-2\.21\.0-.*\.whl$/.test(f));
  return wheel ? path.join(dir, wheel) : null;
}

/** Extracts the C libraries and headers from the wheel (a zip) with Python's zipfile. */
function extractWheel(py, wheel, depsDir) {
  const script = `
import sys, zipfile, os, shutil
wheel, deps = sys.argv[1], sys.argv[2]
HEADERS = tuple('tensorflow/include/' + p for p in ('tensorflow/c/', 'tensorflow/core/platform/', 'tensorflow/tsl/', 'tsl/', 'xla/tsl/c/', 'xla/tsl/platform/'))
lib = os.path.join(deps, 'lib'); inc = os.path.join(deps, 'include')
os.makedirs(lib, exist_ok=True); os.makedirs(inc, exist_ok=True)
with zipfile.ZipFile(wheel) as z:
    for name in z.namelist():
        if name.endswith('/'):
            continue
        if name in ('tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2'):
            target = os.path.join(lib, os.path.basename(name))
        elif name.startswith(HEADERS):
            target = os.path.join(inc, name[len('tensorflow/include/'):])
        else:
            continue
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with z.open(name) as src, open(target + '.part', 'wb') as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
        os.replace(target + '.part', target)
`;
  execFileSync(py, ['-c', script, wheel, depsDir], { stdio: 'inherit' });
  const lib = path.join(depsDir, 'lib');
  // The cc library's SONAME is libtensorflow_cc.so.2; binding.gyp links -ltensorflow.
  for (const [link, target] of [
    ['libtensorflow.so', 'libtensorflow_cc.so.2'],
    ['libtensorflow_framework.so', 'libtensorflow_framework.so.2'],
  ]) {
    fs.rmSync(path.join(lib, link), { force: true });
    fs.symlinkSync(target, path.join(lib, link));
  }
}

/** Points node-gyp at the headers installed beside node, so it need not download them. */
function nodeHeadersEnv() {
  if (process.env.npm_config_nodedir) return {};
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  return fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))
    ? { npm_config_nodedir: prefix }
    : {};
}

function buildAddon(pkg) {
  const preGyp = require.resolve('@mapbox/node-pre-gyp/bin/node-pre-gyp', { paths: [pkg] });
  log('compiling the tfjs-node addon against TensorFlow 2.21 (about 10 s)');
  const r = spawnSync(process.execPath, [preGyp, 'install', '--build-from-source'], {
    cwd: pkg,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, npm_config_build_from_source: 'true', ...nodeHeadersEnv() },
  });
  return r.status === 0;
}

function main() {
  if (process.env.UNSURE_SKIP_NATIVE === '1') fallback('UNSURE_SKIP_NATIVE=1 was set');
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    fallback(`the wheel-based build supports linux-x64 only (this is ${process.platform}-${process.arch})`);
  }
  const pkg = packageDir();
  if (!pkg) fallback('@tensorflow/tfjs-node is not installed');

  const before = probeBackend();
  if (before.ok && before.backend === 'tensorflow') {
    log(`already built: backend ${before.backend}`);
    writeStatus({ native: true, reason: 'tfjs-node addon built from the TensorFlow CPU wheel' });
    return;
  }
  const py = python();
  if (!py) fallback('no python3 to fetch the TensorFlow wheel with pip');
  const wheel = downloadWheel(py);
  if (!wheel) fallback(`pip could not download ${TF_WHEEL}`);
  try {
    extractWheel(py, wheel, path.join(pkg, 'deps'));
  } catch (error) {
    fallback(
      `could not extract the wheel: ${String(error.stderr ?? error.message)
        .trim()
        .split('\n')
        .pop()}`,
    );
  }
  if (!buildAddon(pkg)) fallback('compiling the tfjs-node addon failed (needs make and g++)');
  const after = probeBackend();
  if (!after.ok || after.backend !== 'tensorflow') {
    fallback(`the built addon does not load: ${after.error ?? after.backend}`);
  }
  log(`ready: tf.getBackend() === '${after.backend}'`);
  writeStatus({ native: true, reason: 'tfjs-node addon built from the TensorFlow CPU wheel' });
}

main();

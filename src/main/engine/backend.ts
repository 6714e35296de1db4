// Chooses and loads the TensorFlow.js backend: native TensorFlow (tfjs-node) first, then WASM,
// then the pure-JS CPU backend, and remembers why. Knows nothing of Electron.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type * as TF from '@tensorflow/tfjs';
import type * as TFWasm from '@tensorflow/tfjs-backend-wasm';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;

export interface LoadedBackend {
  tf: typeof TF;
  backend: BackendName;
  /** One sentence: why this backend and not a faster one. */
  reason: string;
}

const nodeRequire = createRequire(__filename);
let loaded: Promise<LoadedBackend> | null = null;
let loadedPreference: BackendPreference | null = null;

/** Where `scripts/setup-native.mjs` left its verdict on the native build. */
function nativeSetupNote(): string | null {
  try {
    const pkg = path.dirname(nodeRequire.resolve('@tensorflow/tfjs-node/package.json'));
    const status = JSON.parse(fs.readFileSync(path.join(pkg, '..', '..', '.unsure-native.json'), 'utf8')) as {
      native?: boolean;
      reason?: string;
    };
    return status.native === false && status.reason ? status.reason : null;
  } catch {
    return null;
  }
}

function loadNative(): typeof TF {
  if (process.env.UNSURE_DISABLE_NATIVE === '1')
    throw new Error('native TensorFlow disabled by UNSURE_DISABLE_NATIVE=1');
  process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
  // TensorFlow turns its oneDNN kernels on by itself only on CPUs with AVX-512 VNNI/AMX; without
  // them (AVX2 here) convolutions run on Eigen's kernels, which are slow for few input channels: the
  // built-in CNN's first conv (1 → 32 channels) ran at 2 GFLOP/s. With oneDNN, scoring MNIST's 60k
  // training digits took 2.4× less time (bench/responsiveness.ts train, same predictions, scores
  // within 3e-6). Read once, when the library loads (so before the first require, in every
  // process; the scoring worker shares this process's environment for it). Costs one line on
  // stderr ("oneDNN custom operations are on"), which TF_CPP_MIN_LOG_LEVEL does not silence.
  process.env.TF_ENABLE_ONEDNN_OPTS ??= '1';
  return nodeRequire('@tensorflow/tfjs-node') as typeof TF;
}

async function loadWasm(): Promise<typeof TF> {
  const tf = nodeRequire('@tensorflow/tfjs') as typeof TF;
  const wasm = nodeRequire('@tensorflow/tfjs-backend-wasm') as typeof TFWasm;
  const dist = path.dirname(nodeRequire.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  wasm.setWasmPaths(`${path.join(dist, 'dist')}${path.sep}`);
  if (!(await tf.setBackend('wasm'))) throw new Error('the WASM backend did not initialise');
  return tf;
}

async function loadCpu(): Promise<typeof TF> {
  const tf = nodeRequire('@tensorflow/tfjs') as typeof TF;
  if (!(await tf.setBackend('cpu'))) throw new Error('the CPU backend did not initialise');
  return tf;
}

async function load(preference: BackendPreference): Promise<LoadedBackend> {
  if (preference === 'wasm')
    return { tf: await loadWasm(), backend: 'wasm', reason: 'WASM backend requested' };
  if (preference === 'cpu') return { tf: await loadCpu(), backend: 'cpu', reason: 'CPU backend requested' };
  let nativeError: string;
  try {
    const tf = loadNative();
    await tf.ready();
    if (tf.getBackend() === 'tensorflow') {
      return {
        tf,
        backend: 'tensorflow',
        reason: 'native TensorFlow (tfjs-node built from the TensorFlow CPU wheel)',
      };
    }
    nativeError = `tfjs-node loaded but the backend is ${tf.getBackend()}`;
  } catch (error) {
    nativeError =
      nativeSetupNote() ?? (error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
  if (preference === 'tensorflow') throw new Error(`native TensorFlow is not available: ${nativeError}`);
  try {
    return {
      tf: await loadWasm(),
      backend: 'wasm',
      reason: `native TensorFlow unavailable (${nativeError}); using WASM`,
    };
  } catch (error) {
    const wasmError = error instanceof Error ? error.message : String(error);
    return {
      tf: await loadCpu(),
      backend: 'cpu',
      reason: `native TensorFlow unavailable (${nativeError}); WASM failed (${wasmError}); using the pure-JS CPU backend`,
    };
  }
}

/**
 * Loads the backend once per process. `auto` (or the UNSURE_BACKEND environment variable) picks
 * the fastest that works; naming one insists on it and fails if it cannot load.
 */
export function loadBackend(preference?: BackendPreference): Promise<LoadedBackend> {
  const wanted = preference ?? (process.env.UNSURE_BACKEND as BackendPreference | undefined) ?? 'auto';
  if (loaded && loadedPreference !== wanted && wanted !== 'auto') {
    return Promise.reject(
      new Error(`backend already loaded as ${loadedPreference}; start a new process for ${wanted}`),
    );
  }
  if (!loaded) {
    loadedPreference = wanted;
    loaded = load(wanted);
  }
  return loaded;
}

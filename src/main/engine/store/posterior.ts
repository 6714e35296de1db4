// The posterior's tensor layout (names and shapes) for a given config, and the checks that a set of
// tensors read from disk matches it: nothing else may be fed to the network.
import crypto from 'node:crypto';
import { CodedError } from '../../../shared/result';
import type { NamedTensor } from '../format/safetensors';

export const INPUT_SIZE = 784;
export const NUM_CLASSES = 10;
/** Log-variances outside this range are not a plausible posterior (variance 2e-22 … 5e8). */
export const LOGVAR_RANGE: readonly [number, number] = [-50, 20];

/** Tensor name → shape for an MLP 784 → hidden… → 10, in file order. */
export function posteriorShapes(hidden: readonly number[]): Map<string, number[]> {
  const sizes = [INPUT_SIZE, ...hidden, NUM_CLASSES];
  const shapes = new Map<string, number[]>();
  for (let i = 0; i + 1 < sizes.length; i++) {
    const [fanIn, fanOut] = [sizes[i]!, sizes[i + 1]!];
    shapes.set(`layers.${i}.weight.mean`, [fanIn, fanOut]);
    shapes.set(`layers.${i}.weight.logvar`, [fanIn, fanOut]);
    shapes.set(`layers.${i}.bias.mean`, [fanOut]);
    shapes.set(`layers.${i}.bias.logvar`, [fanOut]);
  }
  return shapes;
}

export interface PosteriorCheckOptions {
  /** The error code thrown on a mismatch ('model_invalid' on load, 'import_invalid' on import). */
  code: string;
  /** Also require every log-variance inside LOGVAR_RANGE. */
  checkLogvarRange?: boolean;
}

function firstNonFinite(data: Float32Array): number {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return i;
  return -1;
}

function firstOutside(data: Float32Array, [lo, hi]: readonly [number, number]): number {
  for (let i = 0; i < data.length; i++) if (data[i]! < lo || data[i]! > hi) return i;
  return -1;
}

/** Throws CodedError(code) unless the names and shapes are exactly the posterior's for `hidden`. */
export function checkPosteriorLayout(
  tensors: readonly { name: string; shape: readonly number[] }[],
  hidden: readonly number[],
  code: string,
): void {
  const fail = (message: string): never => {
    throw new CodedError(code, message);
  };
  const expected = posteriorShapes(hidden);
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const unexpected = tensors.map((t) => t.name).filter((name) => !expected.has(name));
  if (unexpected.length > 0)
    fail(`unexpected tensor ${unexpected[0]} for hidden sizes [${hidden.join(',')}]`);
  for (const [name, shape] of expected) {
    const tensor = byName.get(name) ?? fail(`tensor ${name} is missing`);
    if (tensor.shape.join(',') !== shape.join(',')) {
      fail(`tensor ${name} has shape [${tensor.shape.join(',')}], expected [${shape.join(',')}]`);
    }
  }
}

/** Throws CodedError(options.code) unless `tensors` are exactly the posterior for `hidden`, all finite. */
export function checkPosterior(
  tensors: readonly NamedTensor[],
  hidden: readonly number[],
  options: PosteriorCheckOptions,
): void {
  checkPosteriorLayout(tensors, hidden, options.code);
  for (const tensor of tensors) {
    const { name, data } = tensor;
    const bad = firstNonFinite(data);
    if (bad >= 0) {
      throw new CodedError(
        options.code,
        `tensor ${name} holds a non-finite value (${data[bad]}) at index ${bad}`,
      );
    }
    if (options.checkLogvarRange && name.endsWith('.logvar')) {
      const out = firstOutside(data, LOGVAR_RANGE);
      if (out >= 0) {
        throw new CodedError(
          options.code,
          `tensor ${name} holds log-variance ${data[out]} outside [${LOGVAR_RANGE.join(', ')}]`,
        );
      }
    }
  }
}

/** Orders tensors as the file format lists them (layer by layer: weight mean/logvar, bias mean/logvar). */
export function orderPosterior(tensors: readonly NamedTensor[], hidden: readonly number[]): NamedTensor[] {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  return [...posteriorShapes(hidden).keys()].map((name) => byName.get(name)!);
}

/**
 * SHA-256 of a posterior's tensors (names, shapes and values, in name order): the same weights give
 * the same digest whichever file or metadata they came with, so an import can spot a model already there.
 */
export function posteriorDigest(tensors: readonly NamedTensor[]): string {
  const hash = crypto.createHash('sha256');
  for (const t of [...tensors].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    hash.update(`${t.name}[${t.shape.join(',')}]`);
    hash.update(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  }
  return hash.digest('hex');
}

// Checks of a model's tensors against its family's specs, shared by the store (load, activation),
// the import and the checkpoint reader: nothing but the expected names and shapes, all finite,
// then the family's own value checks, may be fed to a network.
import crypto from 'node:crypto';
import { CodedError } from '../../../shared/result';
import type { NamedTensor } from '../format/safetensors';
import type { FamilyContext, ModelFamily, TensorSpec } from './family';

/** Throws CodedError(code) unless the names and shapes are exactly `specs` (in any order). */
export function checkSpecs(
  tensors: readonly { name: string; shape: readonly number[] }[],
  specs: readonly TensorSpec[],
  code: string,
): void {
  const fail = (message: string): never => {
    throw new CodedError(code, message);
  };
  const expected = new Map(specs.map((s) => [s.name, s.shape]));
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const unexpected = tensors.find((t) => !expected.has(t.name));
  if (unexpected) fail(`unexpected tensor ${unexpected.name} for this model's family and layers`);
  for (const [name, shape] of expected) {
    const tensor = byName.get(name) ?? fail(`tensor ${name} is missing`);
    if (tensor.shape.join(',') !== shape.join(',')) {
      fail(`tensor ${name} has shape [${tensor.shape.join(',')}], expected [${shape.join(',')}]`);
    }
  }
}

/** Throws CodedError(code) at the first non-finite value. */
export function checkFinite(tensors: readonly NamedTensor[], code: string): void {
  for (const { name, data } of tensors) {
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) {
        throw new CodedError(code, `tensor ${name} holds a non-finite value (${data[i]}) at index ${i}`);
      }
    }
  }
}

/** Names, shapes, finiteness and the family's value checks; throws CodedError(code). */
export function checkModelTensors(
  family: ModelFamily,
  ctx: FamilyContext,
  tensors: readonly NamedTensor[],
  code: string,
): void {
  checkSpecs(tensors, family.tensorSpecs(ctx), code);
  checkFinite(tensors, code);
  family.checkValues?.(tensors, code);
}

/** The tensors in spec (file) order; they must have been checked against the specs. */
export function orderBySpecs(tensors: readonly NamedTensor[], specs: readonly TensorSpec[]): NamedTensor[] {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  return specs.map((s) => byName.get(s.name)!);
}

/**
 * SHA-256 of a model's tensors (names, shapes and values, in name order): the same weights give
 * the same digest whichever file or metadata they came with, so an import can spot a model already there.
 */
export function tensorsDigest(tensors: readonly NamedTensor[]): string {
  const hash = crypto.createHash('sha256');
  for (const t of [...tensors].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    hash.update(`${t.name}[${t.shape.join(',')}]`);
    hash.update(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  }
  return hash.digest('hex');
}

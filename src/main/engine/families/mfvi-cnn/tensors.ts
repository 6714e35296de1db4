// Where the mean-field Gaussian CNN's tensors live: training keeps every mean and log-variance in
// ONE flat variable [means (P) | logvars (P)] (Adam is then a handful of ops per step), and the
// model file holds them as layers.{i}.{weight|bias}.{mean|logvar} (shapes from arch.ts).
import { CodedError } from '../../../../shared/result';
import type { NamedTensor } from '../../format/safetensors';
import type { Layout, TensorSlot } from '../../bnn/layout';
import { Rng } from '../../bnn/rng';
import { biasShape, fanIn, layersFor, type Layer } from '../arch';
import type { FamilyContext } from '../family';

/** The layers and the flat position of each weight and bias (weight then bias per layer). */
export interface CnnLayout {
  layers: Layer[];
  slots: TensorSlot[];
  /** Number of means (= number of logvars). */
  size: number;
}

export function cnnLayout(ctx: Pick<FamilyContext, 'config' | 'shape'>): CnnLayout {
  const layers = layersFor(ctx.config, ctx.shape);
  const slots: TensorSlot[] = [];
  let offset = 0;
  for (const layer of layers) {
    for (const [part, shape] of [
      ['weight', layer.weightShape],
      ['bias', biasShape(layer)],
    ] as const) {
      const size = shape.reduce((a, b) => a * b, 1);
      slots.push({ base: `${layer.base}.${part}`, shape: [...shape], offset, size });
      offset += size;
    }
  }
  return { layers, slots, size: offset };
}

/** The layout as kl.ts reads it (klScale only looks at the slots and the size). */
export function klLayout(layout: CnnLayout): Layout {
  return { layers: [], slots: layout.slots, size: layout.size };
}

/**
 * Initial [means | logvars]: weight means truncated normal (±2σ) × 1/sqrt(fan-in), bias means 0,
 * every logvar `initLogvar`.
 */
export function initTheta(layout: CnnLayout, initLogvar: number, seed: number): Float32Array {
  const theta = new Float32Array(2 * layout.size).fill(initLogvar, layout.size);
  const rng = new Rng(seed);
  layout.layers.forEach((layer, i) => {
    const slot = layout.slots[2 * i]!;
    const stddev = 1 / Math.sqrt(fanIn(layer));
    for (let k = 0; k < slot.size; k++) theta[slot.offset + k] = rng.truncatedNormal() * stddev;
  });
  return theta;
}

/** Named tensors (copies) of a flat vector [first half | second half], suffixes per half. */
export function toNamed(layout: CnnLayout, flat: Float32Array, prefix: string, halves: [string, string]) {
  return layout.slots.flatMap((s) =>
    halves.map((half, h) => ({
      name: `${prefix}${s.base}${half}`,
      shape: s.shape,
      data: flat.slice(h * layout.size + s.offset, h * layout.size + s.offset + s.size),
    })),
  );
}

/** The flat vector back from named tensors, checking names and shapes. */
export function fromNamed(
  layout: CnnLayout,
  tensors: readonly NamedTensor[],
  prefix: string,
  halves: [string, string],
): Float32Array {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const flat = new Float32Array(2 * layout.size);
  for (const s of layout.slots) {
    halves.forEach((half, h) => {
      const name = `${prefix}${s.base}${half}`;
      const t = byName.get(name);
      if (!t) throw new CodedError('model_invalid', `tensor ${name} is missing`);
      if (t.shape.join(',') !== s.shape.join(',') || t.data.length !== s.size) {
        throw new CodedError(
          'model_invalid',
          `tensor ${name} has shape [${t.shape.join(',')}], expected [${s.shape.join(',')}]`,
        );
      }
      flat.set(t.data, h * layout.size + s.offset);
    });
  }
  return flat;
}

/** Model tensors: layers.{i}.{weight|bias}.{mean|logvar}. */
export const MODEL_HALVES: [string, string] = ['.mean', '.logvar'];

// Where each posterior tensor lives in the flat parameter vector. Training keeps every mean and
// log-variance in ONE flat variable [means (P) | logvars (P)] so Adam is a handful of ops per
// step, not a handful per tensor; this module maps that vector to the named tensors of the
// model format (layers.{i}.weight.mean, ...).
import { IMAGE_SIZE, NUM_CLASSES } from '../data/mnist';

export interface LayerShape {
  inputs: number;
  outputs: number;
}

export interface TensorSlot {
  /** Base name without `.mean` / `.logvar`, e.g. `layers.0.weight`. */
  base: string;
  shape: number[];
  /** Offset in the means half (add P for the logvars half). */
  offset: number;
  size: number;
}

export interface Layout {
  layers: LayerShape[];
  /** Weight then bias of each layer, in flat order. */
  slots: TensorSlot[];
  /** Number of means (= number of logvars). */
  size: number;
}

/** The layout of a 784 → hidden… → 10 MLP posterior. */
export function layoutFor(hidden: readonly number[]): Layout {
  const widths = [IMAGE_SIZE, ...hidden, NUM_CLASSES];
  const layers: LayerShape[] = [];
  const slots: TensorSlot[] = [];
  let offset = 0;
  for (let i = 0; i + 1 < widths.length; i++) {
    const inputs = widths[i]!;
    const outputs = widths[i + 1]!;
    layers.push({ inputs, outputs });
    slots.push({ base: `layers.${i}.weight`, shape: [inputs, outputs], offset, size: inputs * outputs });
    offset += inputs * outputs;
    slots.push({ base: `layers.${i}.bias`, shape: [outputs], offset, size: outputs });
    offset += outputs;
  }
  return { layers, slots, size: offset };
}

/** All tensor names of the posterior, in file order (mean then logvar per slot). */
export function posteriorTensorNames(layout: Layout): string[] {
  return layout.slots.flatMap((s) => [`${s.base}.mean`, `${s.base}.logvar`]);
}

// Where each posterior tensor lives in the flat parameter vector. Training keeps every mean and
// log-variance in ONE flat variable [means (P) | logvars (P)] so Adam is a handful of ops per
// step, not a handful per tensor; this module maps that vector to the named tensors of the
// model format (layers.{i}.weight.mean, ...). Layer shapes and names come from families/arch.ts.
import { MNIST_SHAPE, type DataShape } from '../../../shared/data-shape';
import { biasShape, layersFor } from '../families/arch';

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

/** The layout of an MLP posterior, input → hidden… → classes. */
export function layoutFor(hidden: readonly number[], shape: DataShape = MNIST_SHAPE): Layout {
  const layers: LayerShape[] = [];
  const slots: TensorSlot[] = [];
  let offset = 0;
  for (const layer of layersFor({ arch: 'mlp', conv: [], hidden: [...hidden] }, shape)) {
    if (layer.kind !== 'dense') continue;
    layers.push({ inputs: layer.inputs, outputs: layer.outputs });
    for (const [part, tensorShape] of [
      ['weight', layer.weightShape],
      ['bias', biasShape(layer)],
    ] as const) {
      const size = tensorShape.reduce((a, b) => a * b, 1);
      slots.push({ base: `${layer.base}.${part}`, shape: [...tensorShape], offset, size });
      offset += size;
    }
  }
  return { layers, slots, size: offset };
}

/** All tensor names of the posterior, in file order (mean then logvar per slot). */
export function posteriorTensorNames(layout: Layout): string[] {
  return layout.slots.flatMap((s) => [`${s.base}.mean`, `${s.base}.logvar`]);
}

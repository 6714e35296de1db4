// The network body as a list of layers, shared by every family: an MLP (dense layers) or a CNN
// (3×3 'same' convolutions, each followed by ReLU and 2×2 max-pooling, then dense layers). Families
// decide how each layer's weights are represented (a Gaussian, a point, a point with dropout); the
// layer list, their shapes and their tensor names are defined here once.
import type { DataShape } from '../../../shared/data-shape';
import { inputSize } from '../../../shared/data-shape';
import type { TrainConfig } from '../../../shared/training';

export const CONV_KERNEL = 3;
export const POOL = 2;

export interface ConvLayer {
  kind: 'conv';
  /** Tensor base name, e.g. `layers.0` (weights at `layers.0.weight`, bias at `layers.0.bias`). */
  base: string;
  inChannels: number;
  outChannels: number;
  /** Spatial size of the input (height, width); the output is pooled to ⌊h/2⌋ × ⌊w/2⌋. */
  height: number;
  width: number;
  /** Weight shape [kernel, kernel, in, out] (tfjs conv2d's filter layout). */
  weightShape: number[];
}

export interface DenseLayer {
  kind: 'dense';
  base: string;
  inputs: number;
  outputs: number;
  /** Weight shape [inputs, outputs]. */
  weightShape: number[];
  /** True for the output layer (no ReLU after it). */
  last: boolean;
}

export type Layer = ConvLayer | DenseLayer;

/** The layers of the network that `config` describes for data of `shape`, input to output. */
export function layersFor(config: Pick<TrainConfig, 'arch' | 'conv' | 'hidden'>, shape: DataShape): Layer[] {
  const layers: Layer[] = [];
  let features = inputSize(shape);
  if (config.arch === 'cnn') {
    let [height, width, channels] = [shape.height, shape.width, shape.channels];
    for (const out of config.conv) {
      layers.push({
        kind: 'conv',
        base: `layers.${layers.length}`,
        inChannels: channels,
        outChannels: out,
        height,
        width,
        weightShape: [CONV_KERNEL, CONV_KERNEL, channels, out],
      });
      [height, width, channels] = [Math.floor(height / POOL), Math.floor(width / POOL), out];
    }
    features = height * width * channels;
  }
  const widths = [features, ...config.hidden, shape.classes];
  for (let i = 0; i + 1 < widths.length; i++) {
    layers.push({
      kind: 'dense',
      base: `layers.${layers.length}`,
      inputs: widths[i]!,
      outputs: widths[i + 1]!,
      weightShape: [widths[i]!, widths[i + 1]!],
      last: i + 2 === widths.length,
    });
  }
  return layers;
}

/** Fan-in of a layer (inputs feeding one output unit), for initialisation scales. */
export function fanIn(layer: Layer): number {
  return layer.kind === 'conv' ? CONV_KERNEL * CONV_KERNEL * layer.inChannels : layer.inputs;
}

/** Bias shape of a layer. */
export function biasShape(layer: Layer): number[] {
  return [layer.kind === 'conv' ? layer.outChannels : layer.outputs];
}

/** Multiply-adds of one forward pass for one example (benchmarks report GFLOP/s from it). */
export function forwardMacs(layers: readonly Layer[]): number {
  return layers.reduce(
    (sum, l) =>
      sum +
      (l.kind === 'conv'
        ? l.height * l.width * CONV_KERNEL * CONV_KERNEL * l.inChannels * l.outChannels
        : l.inputs * l.outputs),
    0,
  );
}

import { describe, expect, it } from 'vitest';
import { MNIST_SHAPE } from '../../../shared/data-shape';
import { TrainConfig } from '../../../shared/training';
import { forwardMacs, layersFor } from './arch';

describe('layersFor', () => {
  it('lays out the MLP 784 → hidden → 10 with the model file names of today', () => {
    const layers = layersFor(TrainConfig.parse({ hidden: [64, 32] }), MNIST_SHAPE);
    expect(layers.map((l) => [l.base, l.weightShape])).toEqual([
      ['layers.0', [784, 64]],
      ['layers.1', [64, 32]],
      ['layers.2', [32, 10]],
    ]);
    expect(layers.map((l) => l.kind === 'dense' && l.last)).toEqual([false, false, true]);
  });

  it('lays out the reference CNN: two 3×3 conv blocks with pooling, then dense 128 and 10', () => {
    const layers = layersFor(TrainConfig.parse({ arch: 'cnn', conv: [32, 64], hidden: [128] }), MNIST_SHAPE);
    expect(layers.map((l) => l.weightShape)).toEqual([
      [3, 3, 1, 32],
      [3, 3, 32, 64],
      [7 * 7 * 64, 128],
      [128, 10],
    ]);
    // 28·28·9·32 + 14·14·9·32·64 + 3136·128 + 128·10
    expect(forwardMacs(layers)).toBe(225792 + 3612672 + 401408 + 1280);
  });

  it('keeps the configs of models saved before families existed valid, as mean-field MLPs', () => {
    const old = TrainConfig.parse({ hidden: [64, 64], beta: 0.001 });
    expect([old.family, old.arch, old.members]).toEqual(['mfvi', 'mlp', 1]);
  });
});

import { describe, expect, it } from 'vitest';
import { MNIST_SHAPE } from '../../../shared/data-shape';
import { Family, TrainConfig } from '../../../shared/training';
import { contextFor, familyFor } from './index';
import { mfvi } from './mfvi';
import { pointFamily } from './point';

describe('familyFor', () => {
  it('gives the mean-field family to configs written before families existed', () => {
    const config = TrainConfig.parse({ hidden: [64, 64] });
    expect(familyFor(config)).toBe(mfvi);
    expect(contextFor(config)).toEqual({ config, shape: MNIST_SHAPE, trainSize: 60000 });
    expect(mfvi.tensorSpecs(contextFor(config)).slice(0, 2)).toEqual([
      { name: 'layers.0.weight.mean', shape: [784, 64] },
      { name: 'layers.0.weight.logvar', shape: [784, 64] },
    ]);
  });

  it('has a family for every family a config can name, with its own tensors', () => {
    const names = Family.options.map((family) => {
      const config = TrainConfig.parse({ family, hidden: [8] });
      return familyFor(config).tensorSpecs(contextFor(config))[0]!.name;
    });
    expect(names).toEqual(['layers.0.weight.mean', 'layers.0.weight', 'layers.0.weight', 'layers.0.weight']);
  });

  it('wraps a family with several members in the deep ensemble', () => {
    const config = TrainConfig.parse({ family: 'point', members: 3, hidden: [8] });
    expect(familyFor(config)).not.toBe(pointFamily);
    expect(
      familyFor(config)
        .tensorSpecs(contextFor(config))
        .filter((s) => s.name.endsWith('layers.0.weight'))
        .map((s) => s.name),
    ).toEqual([0, 1, 2].map((k) => `members.${k}.layers.0.weight`));
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { MNIST_SHAPE } from '../../../shared/data-shape';
import { TrainConfig } from '../../../shared/training';
import { contextFor, familyFor, registry } from './index';
import { fakeFamily } from './fake-family';
import { mfvi } from './mfvi';
import { ensembleOf } from './ensemble';

afterEach(() => {
  delete registry.families.point;
  registry.ensembleOf = ensembleOf;
});

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

  it('finds a registered family, and wraps it in an ensemble when there are several members', () => {
    const point = fakeFamily();
    registry.families.point = point;
    expect(familyFor(TrainConfig.parse({ family: 'point' }))).toBe(point);
    const config = TrainConfig.parse({ family: 'point', members: 3 });
    delete registry.ensembleOf;
    expect(() => familyFor(config)).toThrow(expect.objectContaining({ code: 'bad_request' }) as Error);
    const wrapped = fakeFamily();
    const bases: unknown[] = [];
    registry.ensembleOf = (base) => {
      bases.push(base);
      return wrapped;
    };
    expect(familyFor(config)).toBe(wrapped);
    expect(bases).toEqual([point]);
  });

  it('wraps a family with several members in the deep ensemble', () => {
    registry.families.point = fakeFamily();
    const config = TrainConfig.parse({ family: 'point', members: 3 });
    expect(
      familyFor(config)
        .tensorSpecs(contextFor(config))
        .map((s) => s.name),
    ).toEqual([0, 1, 2].flatMap((k) => [`members.${k}.layers.0.weight`, `members.${k}.layers.0.bias`]));
  });

  it('refuses a family that is not registered', () => {
    expect(() => familyFor(TrainConfig.parse({ family: 'dropout' }))).toThrow(
      /dropout family is not available/,
    );
  });
});

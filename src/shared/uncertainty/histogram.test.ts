import { describe, expect, it } from 'vitest';
import { sharedHistogram } from './histogram';

describe('sharedHistogram', () => {
  it('bins several sets on one range, the last bin closed', () => {
    const h = sharedHistogram(
      [
        { name: 'mnist', values: [0, 1, 2] },
        { name: 'letters', values: [2, 3, 4] },
      ],
      4,
    );
    expect(h.edges).toEqual([0, 1, 2, 3, 4]);
    expect(h.sets[0]!.counts).toEqual([1, 1, 1, 0]);
    expect(h.sets[1]!.counts).toEqual([0, 0, 1, 2]);
    expect(h.sets[1]!.fractions[3]).toBeCloseTo(2 / 3, 12);
  });

  it('ignores values outside an explicit range and copes with constant data', () => {
    expect(sharedHistogram([{ name: 'a', values: [-1, 0.5, 9] }], 2, [0, 1]).sets[0]!.counts).toEqual([0, 1]);
    const flat = sharedHistogram([{ name: 'a', values: [3, 3] }], 3);
    expect(flat.sets[0]!.counts.reduce((a, b) => a + b, 0)).toBe(2);
  });
});

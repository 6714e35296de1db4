import { describe, expect, it } from 'vitest';
import { centreOfMass, componentsOf, connectedComponents, otsuThreshold, quantile, resample } from './pixels';

describe('pixel helpers', () => {
  it('puts Otsu’s threshold between two clusters', () => {
    const values = Float32Array.from([
      ...new Array<number>(50).fill(0.1),
      ...new Array<number>(50).fill(0.8),
    ]);
    const t = otsuThreshold(values);
    expect(t).toBeGreaterThan(0.1);
    expect(t).toBeLessThanOrEqual(0.8);
  });

  it('finds quantiles to within a histogram bin', () => {
    const values = Float32Array.from({ length: 1001 }, (_, i) => i / 1000);
    expect(quantile(values, 0.5)).toBeCloseTo(0.5, 2);
    expect(quantile(values, 0.9)).toBeCloseTo(0.9, 2);
  });

  it('labels 8-connected components with their boxes', () => {
    // Two diagonal pixels touch (8-connectivity); the third is apart.
    const mask = Uint8Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
    const { components } = connectedComponents(mask, 4, 3);
    expect(components).toEqual([
      { area: 2, left: 0, top: 0, right: 1, bottom: 1 },
      { area: 1, left: 3, top: 2, right: 3, bottom: 2 },
    ]);
  });

  it('labels a mask once, and again only when it is read at another width', () => {
    const mask = Uint8Array.from([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
    const once = componentsOf(mask, 4, 3);
    expect(once).toEqual(connectedComponents(mask, 4, 3));
    expect(componentsOf(mask, 4, 3)).toBe(once);
    // 6×2: the first two pixels are apart now, the last two touch.
    expect(componentsOf(mask, 6, 2)).toEqual(connectedComponents(mask, 6, 2));
    expect(componentsOf(mask, 6, 2).components).toHaveLength(2);
  });

  it('shrinks by area averaging and keeps the mean', () => {
    const data = Float32Array.from({ length: 16 }, (_, i) => (i % 2 ? 1 : 0));
    const small = resample({ width: 4, height: 4, data }, 2, 2);
    expect(Array.from(small.data)).toEqual([0.5, 0.5, 0.5, 0.5]);
    const odd = resample({ width: 3, height: 1, data: Float32Array.from([0, 1, 0]) }, 2, 1);
    expect(odd.data[0]! + odd.data[1]!).toBeCloseTo(2 / 3, 6);
  });

  it('enlarges by linear interpolation', () => {
    const big = resample({ width: 2, height: 1, data: Float32Array.from([0, 1]) }, 4, 1);
    expect(Array.from(big.data)).toEqual([0, 0.25, 0.75, 1]);
  });

  it('computes the centre of mass in continuous coordinates', () => {
    const data = new Float32Array(9);
    data[4] = 1;
    expect(centreOfMass({ width: 3, height: 3, data })).toEqual({ x: 1.5, y: 1.5 });
    expect(centreOfMass({ width: 3, height: 3, data: new Float32Array(9) })).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { closing, opening } from './morphology';
import type { FloatImage } from './pixels';

/** The picture extended without end by copies of its edge pixels. */
function extended(image: FloatImage): (x: number, y: number) => number {
  const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
  return (x, y) => image.data[clamp(y, image.height) * image.width + clamp(x, image.width)]!;
}

/** The square filter by its definition, over a window of 2r + 1 at every pixel of [from, to) each way. */
function squareFilter(
  value: (x: number, y: number) => number,
  radius: number,
  keep: 'max' | 'min',
  [fromX, toX, fromY, toY]: [number, number, number, number],
): (x: number, y: number) => number {
  const width = toX - fromX;
  const out = new Float64Array(width * (toY - fromY));
  for (let y = fromY; y < toY; y++)
    for (let x = fromX; x < toX; x++) {
      let best = keep === 'max' ? -Infinity : Infinity;
      for (let v = y - radius; v <= y + radius; v++)
        for (let u = x - radius; u <= x + radius; u++)
          best = keep === 'max' ? Math.max(best, value(u, v)) : Math.min(best, value(u, v));
      out[(y - fromY) * width + x - fromX] = best;
    }
  return (x, y) => out[(y - fromY) * width + x - fromX]!;
}

/** Closing (max then min) or opening (min then max) of the edge-extended picture, by definition. */
function byDefinition(image: FloatImage, radius: number, first: 'max' | 'min'): number[] {
  const { width, height } = image;
  const [r, second] = [radius, first === 'max' ? 'min' : 'max'] as const;
  const inner = squareFilter(extended(image), r, first, [-r, width + r, -r, height + r]);
  const outer = squareFilter(inner, r, second, [0, width, 0, height]);
  return Array.from({ length: width * height }, (_, i) => outer(i % width, Math.floor(i / width)));
}

/** A picture of seeded pseudo-random values with a few repeated levels (ties) and exact zeros. */
function picture(width: number, height: number, seed: number): FloatImage {
  let state = seed;
  const data = new Float32Array(width * height).map(() => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % 3 === 0 ? 0.5 : state % 5 === 0 ? 0 : state / 2 ** 31;
  });
  return { width, height, data };
}

describe('the grey closing and opening', () => {
  const cases: [number, number, number[]][] = [
    [1, 1, [1, 3]],
    [7, 3, [1, 2, 5, 9]],
    [5, 9, [2, 4, 11]],
    [40, 23, [1, 2, 5, 12]],
    [13, 50, [3, 7, 12]],
  ];

  it('equal their definition on the edge-extended picture: odd sizes, windows wider than the picture', () => {
    for (const [width, height, radii] of cases) {
      const image = picture(width, height, width * 31 + height);
      for (const radius of radii) {
        const label = `${width}×${height}, radius ${radius}`;
        expect([label, Array.from(closing(image, radius).data)]).toEqual([
          label,
          byDefinition(image, radius, 'max'),
        ]);
        expect([label, Array.from(opening(image, radius).data)]).toEqual([
          label,
          byDefinition(image, radius, 'min'),
        ]);
      }
    }
  });

  it('fill a dark stroke narrower than the window and keep a broad dark region', () => {
    const [width, height] = [30, 20];
    const data = new Float32Array(width * height).fill(0.9);
    for (let y = 0; y < height; y++) {
      data[y * width + 5] = 0.1; // a stroke 1 pixel wide
      for (let x = 18; x < width; x++) data[y * width + x] = 0.3; // a shadow 12 pixels wide
    }
    const closed = closing({ width, height, data }, 2).data;
    expect(closed[10 * width + 5]).toBeCloseTo(0.9);
    expect(closed[10 * width + 24]).toBeCloseTo(0.3);
    expect(closed[10 * width + 17]).toBeCloseTo(0.9);
  });
});

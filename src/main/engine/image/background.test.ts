import { describe, expect, it } from 'vitest';
import { filterAxis } from './background';
import type { FloatImage } from './pixels';

/** The filter by its definition: each pixel's extreme over the window, cut short at the edges. */
function byDefinition(
  image: FloatImage,
  radius: number,
  keep: 'max' | 'min',
  alongRows: boolean,
): Float32Array {
  const { width, height, data } = image;
  const out = new Float32Array(data.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let best = keep === 'max' ? -Infinity : Infinity;
      for (let d = -radius; d <= radius; d++) {
        const [u, v] = alongRows ? [x + d, y] : [x, y + d];
        if (u < 0 || v < 0 || u >= width || v >= height) continue;
        const value = data[v * width + u]!;
        best = keep === 'max' ? Math.max(best, value) : Math.min(best, value);
      }
      out[y * width + x] = best;
    }
  return out;
}

/** A picture of seeded pseudo-random values with a few repeated levels (ties). */
function picture(width: number, height: number, seed: number): FloatImage {
  let state = seed;
  const data = new Float32Array(width * height).map(() => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % 3 === 0 ? 0.5 : state / 2 ** 31;
  });
  return { width, height, data };
}

describe('the max and min filters of the grey closing', () => {
  it('equal the window extreme by definition, for any radius, both axes, edges included', () => {
    const sizes = [
      [1, 1],
      [7, 3],
      [40, 23],
      [13, 50],
    ] as const;
    for (const [width, height] of sizes) {
      const image = picture(width, height, width * 31 + height);
      for (const radius of [1, 2, 5, 12, 60])
        for (const keep of ['max', 'min'] as const)
          for (const alongRows of [true, false])
            expect(Array.from(filterAxis(image, radius, keep, alongRows).data)).toEqual(
              Array.from(byDefinition(image, radius, keep, alongRows)),
            );
    }
  });
});

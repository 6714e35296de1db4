// The grey closing and opening of ./background.ts: a max filter then a min filter (or the reverse)
// over a (2r + 1)-wide square, the picture taken as extended by copies of its edge pixels so that a
// window cut short by the edge does not leave a shadow's or a horizon's slope behind as ink.
//
// Each square filter is two separable passes, each by van Herk / Gil-Werman: a line, extended by
// neutral values, is cut into blocks of the window's width; running extremes from each block's
// start (g) and from its end (h) give any window's extreme as that of h at its first pixel and g at
// its last, so a pixel costs three comparisons whatever the radius. Extending by edge copies is
// never materialised: a copy of an edge pixel adds nothing to a window that holds the edge pixel,
// so the first filter is the window cut short at the edges, computed r pixels beyond them (as far
// as the second filter reads), and the second needs no edge at all. Every value out is one of the
// values in, so the result does not depend on the order of the work.
import type { FloatImage } from './pixels';

/** Max, or min as the max of negated values (negation is exact), so that one loop serves both. */
type Sign = 1 | -1;

/** The line's geometry: `pad` neutral values each side of `length`, blocks of `span`, `outLength` out. */
function geometry(length: number, radius: number, grow: number) {
  const pad = radius + grow;
  const extended = length + 2 * pad;
  return { pad, extended, outLength: extended - 2 * radius, span: 2 * radius + 1 };
}

/**
 * A max filter of half-width `radius` along each of `lines` rows of `length` values of `src` (times
 * `sign`), its output rows `length + 2·grow` long: output j is the extreme over input [j − grow −
 * radius, j − grow + radius], cut short at the row's ends (grow is radius or −radius). g is kept for
 * the whole line; h only as the running value, each output made as soon as its h is known.
 */
function filterRows(
  src: Float32Array,
  length: number,
  lines: number,
  radius: number,
  grow: number,
  sign: Sign,
): Float32Array {
  const { pad, extended, outLength, span } = geometry(length, radius, grow);
  const out = new Float32Array(outLength * lines);
  const line = new Float32Array(extended).fill(Number.NEGATIVE_INFINITY);
  const g = new Float32Array(extended);
  for (let l = 0; l < lines; l++) {
    const base = l * length;
    for (let k = 0; k < length; k++) line[pad + k] = sign * src[base + k]!;
    for (let start = 0; start < extended; start += span) {
      const end = Math.min(extended, start + span);
      let up = Number.NEGATIVE_INFINITY;
      for (let i = start; i < end; i++) {
        const v = line[i]!;
        if (v > up) up = v;
        g[i] = up;
      }
    }
    const at = l * outLength;
    for (let start = 0; start < outLength; start += span) {
      let down = Number.NEGATIVE_INFINITY;
      for (let i = Math.min(extended, start + span) - 1; i >= start; i--) {
        const v = line[i]!;
        if (v > down) down = v;
        if (i >= outLength) continue;
        const last = g[i + 2 * radius]!;
        out[at + i] = sign * (down > last ? down : last);
      }
    }
  }
  return out;
}

/**
 * The same along columns: `src` has `width` columns of `length` values, the output `length + 2·grow`
 * rows. Whole rows at a time, so that every array is read in order (a column's values are `width`
 * apart): g for every extended row, h as one row of running values.
 */
function filterColumns(
  src: Float32Array,
  width: number,
  length: number,
  radius: number,
  grow: number,
  sign: Sign,
): Float32Array {
  const { pad, extended, outLength, span } = geometry(length, radius, grow);
  const g = new Float32Array(extended * width);
  for (let start = 0; start < extended; start += span)
    for (let i = start; i < Math.min(extended, start + span); i++) {
      const [row, source] = [i * width, (i - pad) * width];
      const inside = i >= pad && i < pad + length;
      if (!inside && i === start) g.fill(Number.NEGATIVE_INFINITY, row, row + width);
      else if (!inside) g.copyWithin(row, row - width, row);
      else if (i === start) for (let x = 0; x < width; x++) g[row + x] = sign * src[source + x]!;
      else
        for (let x = 0; x < width; x++) {
          const v = sign * src[source + x]!;
          const before = g[row - width + x]!;
          g[row + x] = v > before ? v : before;
        }
    }
  const out = new Float32Array(outLength * width);
  const down = new Float32Array(width);
  for (let start = 0; start < outLength; start += span) {
    down.fill(Number.NEGATIVE_INFINITY);
    for (let i = Math.min(extended, start + span) - 1; i >= start; i--) {
      const source = (i - pad) * width;
      if (i >= pad && i < pad + length)
        for (let x = 0; x < width; x++) {
          const v = sign * src[source + x]!;
          if (v > down[x]!) down[x] = v;
        }
      if (i >= outLength) continue;
      const [row, last] = [i * width, (i + 2 * radius) * width];
      for (let x = 0; x < width; x++) {
        const a = down[x]!;
        const b = g[last + x]!;
        out[row + x] = sign * (a > b ? a : b);
      }
    }
  }
  return out;
}

/** Max then min (sign 1: closing, dark features narrower than 2r + 1 filled in), or min then max (−1: opening). */
function morphology(image: FloatImage, radius: number, sign: Sign): FloatImage {
  const { width, height, data } = image;
  const wide = width + 2 * radius;
  // The first filter, r pixels beyond each edge; the second, back to the picture's own pixels.
  const first = filterColumns(
    filterRows(data, width, height, radius, radius, sign),
    wide,
    height,
    radius,
    radius,
    sign,
  );
  const second = filterRows(first, wide, height + 2 * radius, radius, -radius, -sign as Sign);
  return {
    width,
    height,
    data: filterColumns(second, width, height + 2 * radius, radius, -radius, -sign as Sign),
  };
}

export function closing(image: FloatImage, radius: number): FloatImage {
  return morphology(image, radius, 1);
}

export function opening(image: FloatImage, radius: number): FloatImage {
  return morphology(image, radius, -1);
}

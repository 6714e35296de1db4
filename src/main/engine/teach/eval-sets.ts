// The marked pictures as Compare sets, so a model taught them can be seen before and after: the marked
// digits (a model that learned them refuses few) and the marked non-digits (it refuses most).
import type { CompareSet } from '../evaluate';
import { markedSet, type MarkedSet } from './store';
import { MNIST_SHAPE, inputSize } from '../../../shared/data-shape';

const PIXELS = inputSize(MNIST_SHAPE);

export const MARKED_DIGITS_SET = 'marked-digits';
export const MARKED_OTHERS_SET = 'marked-not-digits';

/** The pixels (in [0, 1]) of the entries whose label passes `keep`. */
export function markedPixels(set: MarkedSet, keep: (label: number | null) => boolean): Float32Array {
  const rows = set.labels.flatMap((label, i) => (keep(label) ? [i] : []));
  const out = new Float32Array(rows.length * PIXELS);
  rows.forEach((i, r) => {
    for (let p = 0; p < PIXELS; p++) out[r * PIXELS + p] = set.pixels[i * PIXELS + p]! / 255;
  });
  return out;
}

/**
 * One Compare set per kind of marked picture the user has, none when nothing is marked; the marked
 * digits carry their labels. `wrap` makes the pixels into the caller's kind of source.
 */
export async function markedEvalSets<S>(
  root: string,
  wrap: (pixels: Float32Array) => S,
): Promise<CompareSet<S>[]> {
  const set = await markedSet(root);
  const sets: CompareSet<S>[] = [];
  const digits = markedPixels(set, (label) => label !== null);
  const others = markedPixels(set, (label) => label === null);
  if (digits.length > 0) {
    sets.push({
      id: MARKED_DIGITS_SET,
      name: 'Marked digits',
      kind: 'marked',
      source: wrap(digits),
      labels: set.labels.filter((label): label is number => label !== null),
    });
  }
  if (others.length > 0) {
    sets.push({
      id: MARKED_OTHERS_SET,
      name: 'Marked: not digits',
      kind: 'marked',
      source: wrap(others),
    });
  }
  return sets;
}

// Histograms of several score sets on one shared range, so they can be drawn over each other.

export interface SharedHistogram {
  /** binCount + 1 ascending edges; bin k is [edges[k], edges[k+1]), the last bin closed. */
  edges: number[];
  sets: { name: string; counts: number[]; fractions: number[] }[];
}

/** Bins every set on a common range (default: min..max over all sets) with `binCount` equal bins. */
export function sharedHistogram(
  sets: { name: string; values: ArrayLike<number> }[],
  binCount = 30,
  range?: [number, number],
): SharedHistogram {
  let [lo, hi] = range ?? valueRange(sets.map((s) => s.values));
  if (!(hi > lo)) {
    // All values equal (or no values): widen so that the single value sits in a bin.
    lo -= 0.5;
    hi += 0.5;
  }
  const width = (hi - lo) / binCount;
  const edges = Array.from({ length: binCount + 1 }, (_, k) => (k === binCount ? hi : lo + k * width));
  return {
    edges,
    sets: sets.map(({ name, values }) => {
      const counts = new Array<number>(binCount).fill(0);
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (!(v >= lo && v <= hi)) continue;
        const b = Math.min(binCount - 1, Math.floor((v - lo) / width));
        counts[b]! += 1;
      }
      const fractions = counts.map((c) => (values.length ? c / values.length : 0));
      return { name, counts, fractions };
    }),
  };
}

function valueRange(arrays: ArrayLike<number>[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const values of arrays) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return Number.isFinite(lo) ? [lo, hi] : [0, 1];
}

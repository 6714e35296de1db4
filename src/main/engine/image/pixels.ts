// Small pixel operations on single-channel float images (values in [0, 1]): statistics, Otsu's
// threshold, connected components and resampling. Kept free of sharp so they are easy to test.

/** A single-channel image, row-major, values in [0, 1]. */
export interface FloatImage {
  width: number;
  height: number;
  data: Float32Array;
}

/**
 * `values` mapped by `fn` into a new Float32Array: a plain indexed loop, several times faster than
 * Float32Array.from with a map function (which goes through the iterator protocol) on a whole picture.
 */
export function mapFloats(values: Float32Array, fn: (value: number, index: number) => number): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = fn(values[i]!, i);
  return out;
}

/** The q-quantile (0–1) of the values via a 1024-bin histogram over [0, 1] (fast, 0.001 resolution). */
export function quantile(values: Float32Array, q: number): number {
  if (values.length === 0) return 0;
  const bins = 1024;
  const hist = new Uint32Array(bins);
  for (let i = 0; i < values.length; i++)
    hist[Math.min(bins - 1, Math.max(0, Math.floor(values[i]! * bins)))]!++;
  const target = q * (values.length - 1);
  let seen = 0;
  for (let b = 0; b < bins; b++) {
    seen += hist[b]!;
    if (seen > target) return (b + 0.5) / bins;
  }
  return 1;
}

/** Otsu's threshold: the level in [0, 1] that best splits the values into two classes (256 bins). */
export function otsuThreshold(values: Float32Array): number {
  const bins = 256;
  const hist = new Float64Array(bins);
  for (let i = 0; i < values.length; i++)
    hist[Math.min(bins - 1, Math.max(0, Math.floor(values[i]! * bins)))]! += 1;
  const total = values.length;
  let sumAll = 0;
  for (let b = 0; b < bins; b++) sumAll += b * hist[b]!;
  let weightLow = 0;
  let sumLow = 0;
  let best = 0;
  let bestBetween = -1;
  for (let b = 0; b < bins - 1; b++) {
    weightLow += hist[b]!;
    sumLow += b * hist[b]!;
    const weightHigh = total - weightLow;
    if (weightLow === 0 || weightHigh === 0) continue;
    const meanLow = sumLow / weightLow;
    const meanHigh = (sumAll - sumLow) / weightHigh;
    const between = weightLow * weightHigh * (meanLow - meanHigh) ** 2;
    if (between > bestBetween) {
      bestBetween = between;
      best = b;
    }
  }
  return (best + 1) / bins;
}

export interface Component {
  area: number;
  /** Inclusive bounding box. */
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** 8-connected components of `mask` (nonzero = on); `labels` gets each pixel's component index + 1. */
export function connectedComponents(
  mask: Uint8Array,
  width: number,
  height: number,
): { labels: Int32Array; components: Component[] } {
  const labels = new Int32Array(width * height);
  const components: Component[] = [];
  // A typed stack sized for the worst case: a sheet of paper is one component of most pixels.
  const stack = new Int32Array(width * height);
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || labels[start]) continue;
    const id = components.length + 1;
    let area = 0;
    let left = width;
    let top = height;
    let right = -1;
    let bottom = -1;
    let size = 0;
    labels[start] = id;
    stack[size++] = start;
    while (size > 0) {
      const p = stack[--size]!;
      const x = p % width;
      const y = (p - x) / width;
      area++;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
      // Plain locals, not destructured arrays: this loop runs once per pixel of a whole sheet.
      const x0 = x > 0 ? -1 : 0;
      const x1 = x < width - 1 ? 1 : 0;
      const y0 = y > 0 ? -1 : 0;
      const y1 = y < height - 1 ? 1 : 0;
      for (let dy = y0; dy <= y1; dy++) {
        const row = p + dy * width;
        for (let dx = x0; dx <= x1; dx++) {
          const q = row + dx;
          if (mask[q] && !labels[q]) {
            labels[q] = id;
            stack[size++] = q;
          }
        }
      }
    }
    components.push({ area, left, top, right, bottom });
  }
  return { labels, components };
}

type Labelling = ReturnType<typeof connectedComponents>;
const labellings = new WeakMap<Uint8Array, { width: number; labelling: Labelling }>();

/**
 * connectedComponents of a mask that nothing writes to once made, labelled once: a picture's ink
 * mask is read for its box, its digits and its two-digit reading, each a scan of the whole picture.
 * Known by the mask array itself; the labels and components are read-only for their users.
 */
export function componentsOf(mask: Uint8Array, width: number, height: number): Labelling {
  const known = labellings.get(mask);
  if (known?.width === width) return known.labelling;
  const labelling = connectedComponents(mask, width, height);
  labellings.set(mask, { width, labelling });
  return labelling;
}

/** Per output index: the source indices and weights that make it (area average down, linear up). */
function resampleWeights(srcLen: number, dstLen: number): { index: number; weight: number }[][] {
  const scale = srcLen / dstLen;
  return Array.from({ length: dstLen }, (_, d) => {
    const taps: { index: number; weight: number }[] = [];
    if (scale >= 1) {
      // Shrinking: each output pixel averages the source span it covers (anti-aliasing, as MNIST did).
      const from = d * scale;
      const to = from + scale;
      for (let s = Math.floor(from); s < Math.min(srcLen, Math.ceil(to)); s++) {
        const overlap = Math.min(to, s + 1) - Math.max(from, s);
        if (overlap > 0) taps.push({ index: s, weight: overlap / scale });
      }
    } else {
      // Enlarging: linear interpolation between the two nearest source pixel centres.
      const centre = Math.min(srcLen - 1, Math.max(0, (d + 0.5) * scale - 0.5));
      const lo = Math.floor(centre);
      const hi = Math.min(srcLen - 1, lo + 1);
      taps.push({ index: lo, weight: 1 - (centre - lo) });
      if (hi !== lo) taps.push({ index: hi, weight: centre - lo });
    }
    return taps;
  });
}

/** Resizes an image to width × height, separably (rows then columns). */
export function resample(image: FloatImage, width: number, height: number): FloatImage {
  const wx = resampleWeights(image.width, width);
  const wy = resampleWeights(image.height, height);
  const rows = new Float32Array(width * image.height);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < width; x++) {
      let v = 0;
      for (const { index, weight } of wx[x]!) v += weight * image.data[y * image.width + index]!;
      rows[y * width + x] = v;
    }
  }
  const data = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (const { index, weight } of wy[y]!) {
      for (let x = 0; x < width; x++) data[y * width + x]! += weight * rows[index * width + x]!;
    }
  }
  return { width, height, data };
}

/** Centre of mass in continuous coordinates (pixel j spans [j, j+1)); null for an all-zero image. */
export function centreOfMass(image: FloatImage): { x: number; y: number } | null {
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const v = image.data[y * image.width + x]!;
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  return mass > 0 ? { x: mx / mass, y: my / mass } : null;
}

/**
 * Shrinks by a whole block so that the longer side is at most `maxSide`, keeping each block's mean
 * (noise averages out) or maximum (thin light strokes survive).
 */
export function poolDown(
  image: FloatImage,
  maxSide: number,
  keep: 'mean' | 'max',
): { image: FloatImage; block: number } {
  const block = Math.max(1, Math.ceil(Math.max(image.width, image.height) / maxSide));
  if (block === 1) return { image, block };
  const width = Math.ceil(image.width / block);
  const height = Math.ceil(image.height / block);
  const data = new Float32Array(width * height).fill(keep === 'max' ? -Infinity : 0);
  const counts = new Float32Array(width * height);
  for (let y = 0; y < image.height; y++) {
    const row = ((y / block) | 0) * width;
    for (let x = 0; x < image.width; x++) {
      const i = row + ((x / block) | 0);
      const v = image.data[y * image.width + x]!;
      if (keep === 'max') {
        if (v > data[i]!) data[i] = v;
      } else {
        data[i]! += v;
        counts[i]! += 1;
      }
    }
  }
  if (keep === 'mean') for (let i = 0; i < data.length; i++) data[i] = data[i]! / counts[i]!;
  return { image: { width, height, data }, block };
}

/** `mask` grown by one pixel in all eight directions. */
export function growMask(mask: Uint8Array, width: number, height: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      for (let dy = Math.max(0, y - 1); dy <= Math.min(height - 1, y + 1); dy++) {
        for (let dx = Math.max(0, x - 1); dx <= Math.min(width - 1, x + 1); dx++) out[dy * width + dx] = 1;
      }
    }
  }
  return out;
}

/** Median of the outer frame (5% of each side): the background of nearly any photo of one thing. */
export function borderLevel(image: FloatImage): number {
  const { width, height, data } = image;
  const band = Math.max(1, Math.round(Math.min(width, height) * 0.05));
  const values = new Float32Array(
    width * height - Math.max(0, width - 2 * band) * Math.max(0, height - 2 * band),
  );
  let k = 0;
  for (let y = 0; y < height; y++) {
    const inner = y >= band && y < height - band;
    for (let x = 0; x < width; x++) {
      if (inner && x === band) x = Math.max(band, width - band);
      if (x < width) values[k++] = data[y * width + x]!;
    }
  }
  return quantile(values.subarray(0, k), 0.5);
}

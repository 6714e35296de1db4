// Small pixel operations on single-channel float images (values in [0, 1]): statistics, Otsu's
// threshold, connected components and resampling. Kept free of sharp so they are easy to test.

/** A single-channel image, row-major, values in [0, 1]. */
export interface FloatImage {
  width: number;
  height: number;
  data: Float32Array;
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
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || labels[start]) continue;
    const id = components.length + 1;
    const comp: Component = { area: 0, left: width, top: height, right: -1, bottom: -1 };
    labels[start] = id;
    stack.push(start);
    while (stack.length) {
      const p = stack.pop()!;
      const x = p % width;
      const y = (p - x) / width;
      comp.area++;
      comp.left = Math.min(comp.left, x);
      comp.right = Math.max(comp.right, x);
      comp.top = Math.min(comp.top, y);
      comp.bottom = Math.max(comp.bottom, y);
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if (mask[q] && !labels[q]) {
            labels[q] = id;
            stack.push(q);
          }
        }
      }
    }
    components.push(comp);
  }
  return { labels, components };
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

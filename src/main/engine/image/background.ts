// The paper under dark ink, estimated locally, and the ink measured against it. A photo taken in a dim
// room has ink only 15–25 grey levels below grey paper, and a shadow across the sheet darkens the
// paper by more than that: an absolute level cannot tell ink from shadow, nor a faint digit from blank
// paper. A grey closing (a max filter, then a min filter, over a square wider than any pen stroke)
// fills in every stroke and keeps what is broader — the paper with its shadows, whose edges it keeps
// where they are — and ink is then the share of the local paper's light it takes away (1 − image ÷
// paper), the same in the light and in the shade. Whether there is ink at all is then a matter of
// contrast against the paper's own noise, not of an absolute level.
import { closing, opening } from './morphology';
import { quantile, type FloatImage } from './pixels';

/** The closing's square is this share of the picture's shorter side on each side of a pixel (wider than a 12% pen). */
const RADIUS_SHARE = 0.06;
/** A shadow keeps at least this share of the lit paper's light; anything darker and broad is ink. */
const DEEPEST_SHADOW = 0.4;
/** Ink must stand this many noise deviations above the paper… */
const MIN_NOISE_RATIO = 4;
/** …and take away at least this share of the paper's light (JPEG ringing, paper grain). */
const MIN_CONTRAST = 0.03;

export function closingRadius(image: FloatImage): number {
  return Math.max(2, Math.round(RADIUS_SHARE * Math.min(image.width, image.height)));
}

/** Robust spread (1.4826 · median absolute deviation) of values around their median. */
function spread(values: Float32Array, median: number): number {
  const deviations = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) deviations[i] = Math.abs(values[i]! - median);
  return 1.4826 * quantile(deviations, 0.5);
}

/**
 * The paper under the picture (its closing), made once per picture: darkMarks and inkOnPaper both
 * need it for the same luminance, and it is most of either's time. Known by the pixel array itself,
 * which no step of preparation writes to; read-only for its users.
 */
const papers = new WeakMap<Float32Array, Float32Array>();
function paperOf(luminance: FloatImage): Float32Array {
  let paper = papers.get(luminance.data);
  if (!paper) papers.set(luminance.data, (paper = closing(luminance, closingRadius(luminance)).data));
  return paper;
}

/**
 * The mean of each pixel's 3×3 neighbourhood (cut short at the edges). A stroke is several pixels
 * wide and keeps its level; the sensor's noise, independent from pixel to pixel, loses most of its
 * spread: a faint stroke on a small picture stands out of the averaged noise where it did not of a
 * pixel's own.
 */
export function mean3x3(image: FloatImage): Float32Array {
  const { width, height, data } = image;
  const rows = new Float32Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const [l, r] = [x > 0 ? 1 : 0, x < width - 1 ? 1 : 0];
      rows[i] = (data[i]! + l * data[i - 1]! + r * data[i + 1]!) / (1 + l + r);
    }
  }
  const out = new Float32Array(data.length);
  for (let y = 0; y < height; y++) {
    const [u, d] = [y > 0 ? width : 0, y < height - 1 ? width : 0];
    const n = 1 + (u ? 1 : 0) + (d ? 1 : 0);
    for (let x = 0, i = y * width; x < width; x++, i++) out[i] = (rows[i]! + rows[i - u]! + rows[i + d]!) / n;
  }
  return out;
}

/** Ink values above the paper's level, with the paper's noise: what a stroke is measured against. */
export interface InkMeasure {
  values: Float32Array;
  noise: number;
}

/** Values above their median (the paper, noise included) as 0 and up, with their robust spread. */
function aboveMedian(raw: Float32Array): InkMeasure {
  const median = quantile(raw, 0.5);
  const noise = spread(raw, median);
  // In place: a second picture-sized array costs more (fresh pages) than the loop.
  for (let i = 0; i < raw.length; i++) raw[i] = raw[i]! > median ? raw[i]! - median : 0;
  return { values: raw, noise };
}

/** The share of the local paper's light each pixel takes away (fresh, picture-sized). */
function inkRatio(luminance: FloatImage): Float32Array {
  const paper = paperOf(luminance);
  // A broad region far darker than the lit paper is no shadow but ink too wide for the closing (a
  // filled shape, a desk beside the page): it is measured against the lit paper.
  const lit = quantile(paper, 0.9);
  const raw = new Float32Array(paper.length);
  for (let i = 0; i < raw.length; i++) {
    const level = paper[i]! < DEEPEST_SHADOW * lit ? lit : paper[i]!;
    raw[i] = 1 - luminance.data[i]! / Math.max(level, 0.02);
  }
  return raw;
}

/**
 * Dark ink on paper as the share of the local paper's light it takes away, with the paper's own
 * level (its median, noise included) at 0; and the paper's noise, as a deviation on the same scale.
 */
export function inkOnPaper(luminance: FloatImage): InkMeasure {
  return aboveMedian(inkRatio(luminance));
}

/**
 * inkOnPaper measured on the 3×3 mean (mean3x3): whether faint strokes are there at all, asked
 * only of a picture whose pixels alone show none (the paper is made once per picture).
 */
export function averagedInkOnPaper(luminance: FloatImage): InkMeasure {
  const { width, height } = luminance;
  return aboveMedian(mean3x3({ width, height, data: inkRatio(luminance) }));
}

/**
 * True when the strokes found stand out of the paper's noise: their level over the faint edge
 * (`strokeLevel − low`, as ./mnist-format.ts measures them) against the noise deviation.
 */
export function standsOut(strokeContrast: number, noise: number): boolean {
  return strokeContrast >= Math.max(MIN_CONTRAST, MIN_NOISE_RATIO * noise);
}

/**
 * Which way a picture's marks go where the frame alone cannot tell (a grey frame: dim paper, or a
 * grey ground): true when the narrow dark features (closing − image) stand out more than the narrow
 * light ones (image − opening), i.e. dark ink on lighter paper. Compared by their 99th percentiles,
 * the strokes' level: a sum would let noise and a broad light spot (the bright middle of a vignette)
 * outweigh faint strokes.
 */
export function darkMarks(luminance: FloatImage): boolean {
  const closed = paperOf(luminance);
  const opened = opening(luminance, closingRadius(luminance)).data;
  const { data } = luminance;
  const [dark, light] = [new Float32Array(data.length), new Float32Array(data.length)];
  for (let i = 0; i < data.length; i++) {
    dark[i] = closed[i]! - data[i]!;
    light[i] = data[i]! - opened[i]!;
  }
  return quantile(dark, 0.99) > quantile(light, 0.99);
}

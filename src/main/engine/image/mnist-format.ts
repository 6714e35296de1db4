// Turns a grayscale picture into an MNIST digit: light ink on a black background, cropped to the ink,
// thin strokes thickened to MNIST's width (./stroke.ts), scaled to fit 20×20 keeping the aspect ratio, and
// placed in 28×28 with its centre of mass at the centre.

import { CodedError } from '../../../shared/result';
import {
  centreOfMass,
  connectedComponents,
  otsuThreshold,
  quantile,
  resample,
  type FloatImage,
} from './pixels';
import { isolateSheet } from './sheet';
import { normaliseStroke } from './stroke';
import { dropSurroundings } from './surroundings';

export const MNIST_SIDE = 28;
export const MNIST_BOX = 20;

/** How the picture was read, for the UI and for debugging odd verdicts. */
export interface InkInfo {
  /** True when the picture was dark ink on a light background and got inverted. */
  inverted: boolean;
  /** Ink bounding box in the working image, before scaling. */
  box: { left: number; top: number; width: number; height: number };
}

/** Median luminance of the outer frame (5% of each side): the background of nearly any photo of a digit. */
function borderLevel(image: FloatImage): number {
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

/** The 30% quantile of each tile of a grid × grid split: the paper level where ink is sparse. */
function tileLevels(image: FloatImage, grid: number): Float32Array {
  const { width, height, data } = image;
  const levels = new Float32Array(grid * grid);
  for (let ty = 0; ty < grid; ty++) {
    for (let tx = 0; tx < grid; tx++) {
      const [x0, x1] = [Math.floor((tx * width) / grid), Math.floor(((tx + 1) * width) / grid)];
      const [y0, y1] = [Math.floor((ty * height) / grid), Math.floor(((ty + 1) * height) / grid)];
      const tile = new Float32Array((x1 - x0) * (y1 - y0));
      let k = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) tile[k++] = data[y * width + x]!;
      levels[ty * grid + tx] = quantile(tile, 0.3);
    }
  }
  return levels;
}

/** Lowers every tile that stands more than `jump` above its lowest 8-neighbour to that neighbour's level. */
function fillInkTiles(levels: Float32Array, grid: number, jump: number): void {
  for (let pass = 0; pass < grid; pass++) {
    let changed = false;
    for (let ty = 0; ty < grid; ty++) {
      for (let tx = 0; tx < grid; tx++) {
        let lowest = Infinity;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const [nx, ny] = [tx + dx, ty + dy];
            if ((dx || dy) && nx >= 0 && ny >= 0 && nx < grid && ny < grid)
              lowest = Math.min(lowest, levels[ny * grid + nx]!);
          }
        }
        if (levels[ty * grid + tx]! > lowest + jump) {
          levels[ty * grid + tx] = lowest;
          changed = true;
        }
      }
    }
    if (!changed) return;
  }
}

/**
 * Subtracts the background level so that paper (white, grey or unevenly lit) becomes 0. On large
 * photos of paper the level is estimated per tile of an 8×8 grid (a low quantile: the paper between strokes)
 * and interpolated, which follows shading in phone photos. A tile far above its lowest neighbour lies
 * inside a stroke or a filled shape, not in a shadow (shadows change slowly from tile to tile), and
 * takes that neighbour's level; repeating this fills shapes that span several tiles from their edges.
 */
function removeBackground(ink: FloatImage, paper: boolean): Float32Array {
  const { width, height, data } = ink;
  // Shading is a property of paper photos; a light-on-dark picture is flat (and full of filled shapes).
  const grid = paper && Math.min(width, height) >= 64 ? 8 : 1;
  const levels = tileLevels(ink, grid);
  if (grid === 1) {
    // Too small for tiles: one level, unless that "level" is really a mostly-ink picture.
    if (levels[0]! > otsuThreshold(data)) levels[0] = 0;
  } else {
    const contrast = quantile(data, 0.995) - quantile(levels, 0.25);
    fillInkTiles(levels, grid, 0.3 * contrast);
  }
  return subtractInterpolated(ink, levels, grid);
}

/** Bilinear interpolation of grid levels between tile centres (clamped at the outer half-tiles). */
function gridAxis(length: number, grid: number): { lo: Int32Array; hi: Int32Array; frac: Float32Array } {
  const lo = new Int32Array(length);
  const hi = new Int32Array(length);
  const frac = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    const g = Math.min(grid - 1, Math.max(0, ((i + 0.5) * grid) / length - 0.5));
    lo[i] = Math.floor(g);
    hi[i] = Math.min(grid - 1, lo[i]! + 1);
    frac[i] = g - lo[i]!;
  }
  return { lo, hi, frac };
}

/** data − interpolated level, floored at 0. Axis tables and a per-row level line keep this loop cheap. */
function subtractInterpolated(image: FloatImage, levels: Float32Array, grid: number): Float32Array {
  const { width, height, data } = image;
  const xs = gridAxis(width, grid);
  const ys = gridAxis(height, grid);
  const line = new Float32Array(grid);
  const out = new Float32Array(data.length);
  for (let y = 0; y < height; y++) {
    const [r0, r1, fy] = [ys.lo[y]! * grid, ys.hi[y]! * grid, ys.frac[y]!];
    for (let g = 0; g < grid; g++) line[g] = levels[r0 + g]! + fy * (levels[r1 + g]! - levels[r0 + g]!);
    for (let x = 0, i = y * width; x < width; x++, i++) {
      const a = line[xs.lo[x]!]!;
      const level = a + xs.frac[x]! * (line[xs.hi[x]!]! - a);
      const v = data[i]! - level;
      out[i] = v > 0 ? v : 0;
    }
  }
  return out;
}

/**
 * Stretches ink so that strokes saturate near 1 and faint noise (below half of Otsu's threshold) is 0,
 * like MNIST's clean black background. Throws `blank_image` when there is no ink to speak of.
 */
function normaliseInk(values: Float32Array): { ink: Float32Array; mask: Uint8Array } {
  const threshold = otsuThreshold(values);
  let strokeCount = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! >= threshold) strokeCount++;
  const strokes = new Float32Array(strokeCount);
  for (let i = 0, k = 0; i < values.length; i++) if (values[i]! >= threshold) strokes[k++] = values[i]!;
  const strokeLevel = quantile(strokes, 0.6);
  const low = threshold * 0.5;
  if (strokes.length === 0 || strokeLevel - low < 0.08) {
    throw new CodedError('blank_image', 'the image has no visible ink or drawing');
  }
  const ink = new Float32Array(values.length);
  const mask = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    ink[i] = Math.min(1, Math.max(0, (values[i]! - low) / (strokeLevel - low)));
    mask[i] = values[i]! >= threshold ? 1 : 0;
  }
  return { ink, mask };
}

/** Bounding box of the significant ink: components of at least 5% of the largest one's area (drops specks). */
function inkBox(ink: Float32Array, mask: Uint8Array, width: number, height: number): InkInfo['box'] {
  const { components } = connectedComponents(mask, width, height);
  const largest = Math.max(...components.map((c) => c.area));
  const kept = components.filter((c) => c.area >= largest * 0.05);
  const box = {
    left: Math.min(...kept.map((c) => c.left)),
    top: Math.min(...kept.map((c) => c.top)),
    right: Math.max(...kept.map((c) => c.right)),
    bottom: Math.max(...kept.map((c) => c.bottom)),
  };
  growOverSoftEdges(box, ink, width, height);
  return { left: box.left, top: box.top, width: box.right - box.left + 1, height: box.bottom - box.top + 1 };
}

/**
 * Widens the box by the anti-aliased edge of the strokes that fell under the mask's threshold
 * (at most 3% of its size each side), so that the crop is the whole visible ink as MNIST's 20×20 box is.
 */
function growOverSoftEdges(
  box: { left: number; top: number; right: number; bottom: number },
  ink: Float32Array,
  width: number,
  height: number,
): void {
  const limit = Math.max(1, Math.round(0.03 * Math.max(box.right - box.left, box.bottom - box.top)));
  const rowHasInk = (y: number): boolean =>
    ink.subarray(y * width + box.left, y * width + box.right + 1).some((v) => v > 0.1);
  const colHasInk = (x: number): boolean => {
    for (let y = box.top; y <= box.bottom; y++) if (ink[y * width + x]! > 0.1) return true;
    return false;
  };
  for (let k = 0; k < limit && box.top > 0 && rowHasInk(box.top - 1); k++) box.top--;
  for (let k = 0; k < limit && box.bottom < height - 1 && rowHasInk(box.bottom + 1); k++) box.bottom++;
  for (let k = 0; k < limit && box.left > 0 && colHasInk(box.left - 1); k++) box.left--;
  for (let k = 0; k < limit && box.right < width - 1 && colHasInk(box.right + 1); k++) box.right++;
}

function crop(image: FloatImage, box: InkInfo['box']): FloatImage {
  const data = new Float32Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    const from = (box.top + y) * image.width + box.left;
    data.set(image.data.subarray(from, from + box.width), y * box.width);
  }
  return { width: box.width, height: box.height, data };
}

/**
 * Where MNIST's centre of mass sits, in continuous coordinates (pixel j spans [j, j+1)): the mean over
 * the test set is (14.51, 14.49), i.e. on pixel 14 — MNIST centred on a pixel, not between two.
 */
const MNIST_CENTRE = 14.5;

/** Places the 20×20-fitted digit in 28×28 so that its centre of mass sits where MNIST's does. */
function placeByCentreOfMass(digit: FloatImage): Float32Array {
  const com = centreOfMass(digit) ?? { x: digit.width / 2, y: digit.height / 2 };
  const ox = Math.min(MNIST_SIDE - digit.width, Math.max(0, Math.round(MNIST_CENTRE - com.x)));
  const oy = Math.min(MNIST_SIDE - digit.height, Math.max(0, Math.round(MNIST_CENTRE - com.y)));
  const out = new Float32Array(MNIST_SIDE * MNIST_SIDE);
  for (let y = 0; y < digit.height; y++) {
    for (let x = 0; x < digit.width; x++) {
      out[(oy + y) * MNIST_SIDE + ox + x] = Math.min(1, Math.max(0, digit.data[y * digit.width + x]!));
    }
  }
  return out;
}

type Read = { pixels: Float32Array; info: InkInfo };

/** Luminance image (0 black … 1 white) → MNIST pixels (784 values in [0, 1], light ink on black). */
export function toMnistPixels(luminance: FloatImage): Read {
  // A sheet of paper with something around it (./sheet.ts): on a dark frame, a sheet on a dark desk,
  // which read as is would make the sheet the ink; on a light frame, a page with the desk or a pen
  // showing beyond its edge. A light frame with nothing around the sheet is read as it is.
  const dark = borderLevel(luminance) <= 0.5;
  const sheet = isolateSheet(luminance);
  const read = sheet && (dark || sheet.painted > 0) ? readSheet(sheet.image) : null;
  if (sheet && read) {
    const box = {
      ...read.info.box,
      left: read.info.box.left + sheet.left,
      top: read.info.box.top + sheet.top,
    };
    return { pixels: read.pixels, info: { inverted: true, box } };
  }
  return readInk(luminance, !dark);
}

/** The dark ink on an isolated sheet, or null when the "sheet" holds none (a solid light shape). */
function readSheet(sheet: FloatImage): Read | null {
  try {
    // Dark ink on a lighter sheet by construction, even when the whole sheet is dim (grey, unlit paper).
    return readInk(sheet, true);
  } catch (error) {
    if (error instanceof CodedError && error.code === 'blank_image') return null;
    throw error;
  }
}

/** Reads the ink of a picture: dark ink on light paper (`inverted`), or light ink on a dark ground. */
function readInk(luminance: FloatImage, inverted: boolean): Read {
  const raw = inverted ? new Float32Array(luminance.data.length) : luminance.data;
  if (inverted) for (let i = 0; i < raw.length; i++) raw[i] = 1 - luminance.data[i]!;
  const { width, height } = luminance;
  const cleaned = dropSurroundings(removeBackground({ width, height, data: raw }, inverted), width, height);
  const { ink, mask } = normaliseInk(cleaned);
  const box = inkBox(ink, mask, width, height);
  const cropped = normaliseStroke(crop({ width, height, data: ink }, box));
  const scale = MNIST_BOX / Math.max(cropped.width, cropped.height);
  const fitted = resample(
    cropped,
    Math.max(1, Math.min(MNIST_BOX, Math.round(cropped.width * scale))),
    Math.max(1, Math.min(MNIST_BOX, Math.round(cropped.height * scale))),
  );
  return { pixels: placeByCentreOfMass(fitted), info: { inverted, box } };
}

// Turns a grayscale picture into an MNIST digit: light ink on a black background, cropped to the ink,
// thin strokes thickened to MNIST's width (./stroke.ts), scaled to fit 20×20 keeping the aspect ratio, and
// placed in 28×28 with its centre of mass at the centre.

import { MNIST_SHAPE } from '../../../shared/data-shape';
import { averagedInkOnPaper, darkMarks, inkOnPaper, standsOut } from './background';
import {
  centreOfMass,
  componentsOf,
  mapFloats,
  otsuThreshold,
  borderLevel,
  quantile,
  resample,
  type FloatImage,
} from './pixels';
import { isolateSheet } from './sheet';
import { normaliseStroke } from './stroke';
import { dropSurroundings } from './surroundings';
import { SPECK_SHARE, pairCut, segmentDigits, twoDigitCut, type InkSegment } from './segment';

/** MNIST images are square. */
const MNIST_SIDE = MNIST_SHAPE.width;
export const MNIST_BOX = 20;

/** How the picture was read, for the UI and for debugging odd verdicts. */
export interface InkInfo {
  /** True when the picture was dark ink on a light background and got inverted. */
  inverted: boolean;
  /** Ink bounding box in the working image, before scaling. */
  box: { left: number; top: number; width: number; height: number };
}

/**
 * Light ink on a dark ground with the ground's level subtracted: its 30% quantile, unless that
 * "level" is really a mostly-ink picture. Such pictures are flat (drawings, scans), not shaded photos.
 */
function removeGround(ink: Float32Array): Float32Array {
  let level = quantile(ink, 0.3);
  if (level > otsuThreshold(ink)) level = 0;
  return mapFloats(ink, (v) => (v > level ? v - level : 0));
}

/** A digit's strokes cover at least this share of a picture of it (a thin pen on a small digit: 2–5%). */
const STROKE_SHARE = 0.01;

/** Otsu's split of ink values into strokes and the rest, and how far the strokes rise over the faint edge. */
function strokeLevels(values: Float32Array) {
  const threshold = otsuThreshold(values);
  let strokeCount = 0;
  for (let i = 0; i < values.length; i++) if (values[i]! >= threshold) strokeCount++;
  const strokes = new Float32Array(strokeCount);
  for (let i = 0, k = 0; i < values.length; i++) if (values[i]! >= threshold) strokes[k++] = values[i]!;
  const strokeLevel = quantile(strokes, 0.6);
  const low = threshold * 0.5;
  return { threshold, strokeLevel, low, contrast: strokes.length === 0 ? 0 : strokeLevel - low };
}

/**
 * Stretches ink so that strokes saturate near 1 and faint noise (below half of Otsu's threshold) is 0,
 * like MNIST's clean black background.
 */
function normaliseInk(
  values: Float32Array,
  { threshold, strokeLevel, low }: ReturnType<typeof strokeLevels>,
): { ink: Float32Array; mask: Uint8Array } {
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
  const { components } = componentsOf(mask, width, height);
  const largest = Math.max(...components.map((c) => c.area));
  const kept = components.filter((c) => c.area >= largest * SPECK_SHARE);
  const box = {
    left: Math.min(...kept.map((c) => c.left)),
    top: Math.min(...kept.map((c) => c.top)),
    right: Math.max(...kept.map((c) => c.right)),
    bottom: Math.max(...kept.map((c) => c.bottom)),
  };
  growOverSoftEdges(box, ink, width, height);
  return boxFromEdges(box);
}

type Edges = { left: number; top: number; right: number; bottom: number };

function boxFromEdges(box: Edges): InkInfo['box'] {
  return { left: box.left, top: box.top, width: box.right - box.left + 1, height: box.bottom - box.top + 1 };
}

/**
 * Widens the box by the anti-aliased edge of the strokes that fell under the mask's threshold
 * (at most 3% of its size each side), so that the crop is the whole visible ink as MNIST's 20×20 box is.
 */
function growOverSoftEdges(box: Edges, ink: Float32Array, width: number, height: number): void {
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

/** The ink of a picture as read: soft ink values, the stroke mask, and where the read image sits in the picture. */
interface InkField {
  ink: FloatImage;
  mask: Uint8Array;
  inverted: boolean;
  /** Offset of the read image in the picture (a sheet isolated from the desk around it). */
  left: number;
  top: number;
}

/** A frame at most this dark is a dark ground; up to 0.5 it may also be dim paper (./background.ts decides). */
const DARK_FRAME = 0.25;

/** Where the ink is (the sheet, the paper or the dark ground), or null when nothing is written. */
function findInk(luminance: FloatImage): InkField | null {
  // A sheet of paper with something around it (./sheet.ts): on a dark frame, a sheet on a dark desk,
  // which read as is would make the sheet the ink; on a light frame, a page with the desk or a pen
  // showing beyond its edge. A light frame with nothing around the sheet is read as it is.
  const border = borderLevel(luminance);
  const dark = border <= DARK_FRAME || (border <= 0.5 && !darkMarks(luminance));
  const sheet = isolateSheet(luminance);
  // Dark ink on a lighter sheet by construction, even when the whole sheet is dim (grey, unlit paper).
  const read = sheet && (dark || sheet.painted > 0) ? readInk(sheet.image, true) : null;
  if (sheet && read) return { ...read, left: sheet.left, top: sheet.top };
  // Nothing light on what looked like a dark ground: it may be dim paper in a deep shadow, its ink
  // darker still (a grey frame at most DARK_FRAME, or narrow light marks outweighing faint strokes).
  const whole = readInk(luminance, !dark) ?? (dark ? readInk(luminance, true) : null);
  return whole && { ...whole, left: 0, top: 0 };
}

/**
 * Luminance image (0 black … 1 white) → MNIST pixels (784 values in [0, 1], light ink on black), or
 * null when nothing is written on it (blank paper, a plain texture, a landscape).
 */
export function toMnistPixels(luminance: FloatImage): Read | null {
  return readWritten(luminance)?.whole ?? null;
}

/**
 * The picture read as one digit (all its ink, as `toMnistPixels`) and as the digits written on it, left
 * to right (./segment.ts); a picture of one digit has `digits` = [`whole`]. `pairs` holds, for each of
 * several digits, its two halves when it is as wide as two touching digits (./segment.ts `pairCut`), or
 * []. Null when nothing is written.
 */
export function readWritten(
  luminance: FloatImage,
): { whole: Read; digits: Read[]; alternative: Read[]; pairs: Read[][] } | null {
  const field = findInk(luminance);
  if (!field) return null;
  const { ink, mask } = field;
  const whole = digitIn(field, ink, inkBox(ink.data, mask, ink.width, ink.height));
  const segments = segmentDigits(mask, ink.width, ink.height);
  // One piece of ink as wide as two digits: the other way to read it (two digits, or one) goes along.
  const cut = segments.length <= 2 ? twoDigitCut(mask, ink.width, ink.height) : null;
  const pair = cut ? cut.map((segment) => segmentIn(field, segment)) : [];
  if (segments.length <= 1) return { whole, digits: [whole], alternative: pair, pairs: [[]] };
  const digits = segments.map((segment) => segmentIn(field, segment));
  const pairs = segments.map((segment) => {
    const halves = pairCut(
      segment,
      ink.width,
      segments.filter((other) => other !== segment),
    );
    return (halves ?? []).map((half) => segmentIn(field, half));
  });
  return { whole, digits, alternative: cut ? [whole] : [], pairs };
}

/** One segment of the field prepared as a digit: its own ink only, its box grown over soft edges. */
function segmentIn(field: InkField, { box, mask: own }: InkSegment): Read {
  const alone = onlyNear(field.ink, own);
  const grown = {
    left: box.left,
    top: box.top,
    right: box.left + box.width - 1,
    bottom: box.top + box.height - 1,
  };
  growOverSoftEdges(grown, alone.data, field.ink.width, field.ink.height);
  return digitIn(field, alone, boxFromEdges(grown));
}

/** Pixels of the ink image farther than 2 px from the digit's own stroke mask set to 0 (its neighbours' ink). */
function onlyNear(ink: FloatImage, own: Uint8Array): FloatImage {
  const { width, height } = ink;
  const near = new Uint8Array(own.length);
  for (let p = 0; p < own.length; p++) {
    if (!own[p]) continue;
    const [x, y] = [p % width, Math.floor(p / width)];
    for (let dy = Math.max(-2, -y); dy <= Math.min(2, height - 1 - y); dy++)
      for (let dx = Math.max(-2, -x); dx <= Math.min(2, width - 1 - x); dx++) near[p + dy * width + dx] = 1;
  }
  return { width, height, data: mapFloats(ink.data, (v, p) => (near[p] ? v : 0)) };
}

/** One digit of the field: `ink` cropped to `box`, prepared as MNIST; its box given in the picture. */
function digitIn(field: InkField, ink: FloatImage, box: InkInfo['box']): Read {
  const pixels = toMnistDigit(ink, box);
  return {
    pixels,
    info: {
      inverted: field.inverted,
      box: { ...box, left: box.left + field.left, top: box.top + field.top },
    },
  };
}

/** Reads the ink of a picture: dark ink on light paper (`inverted`), or light ink on a dark ground. */
function readInk(luminance: FloatImage, inverted: boolean): Omit<InkField, 'left' | 'top'> | null {
  const { width, height } = luminance;
  const kept = (values: Float32Array) => dropSurroundings(values, width, height);
  const paper = inverted ? inkOnPaper(luminance) : null;
  const values = kept(paper ? paper.values : removeGround(luminance.data));
  const levels = strokeLevels(values);
  if (paper) {
    // On paper, strokes must stand out of the paper's noise (./background.ts): a pixel's own, or
    // the 3×3 mean's — a faint pen on a small photo is there only in the second, where the noise
    // is still most of the pixels over Otsu's split: its strokes are the top STROKE_SHARE.
    if (!standsOut(levels.contrast, paper.noise)) {
      const averaged = averagedInkOnPaper(luminance);
      if (!standsOut(quantile(kept(averaged.values), 1 - STROKE_SHARE), averaged.noise)) return null;
    }
  } else if (!(levels.contrast >= 0.08)) {
    // On a dark ground, strokes fainter than 0.08 are nothing.
    return null;
  }
  const { ink, mask } = normaliseInk(values, levels);
  // The 3×3 mean may show ink where no single pixel reaches Otsu's split (a plain light garment read
  // as a sheet on a dark desk): nothing to crop, so nothing written.
  if (!mask.includes(1)) return null;
  return { ink: { width, height, data: ink }, mask, inverted };
}

/** The ink in `box`, strokes brought to MNIST's width, fitted in 20×20 and placed by its centre of mass. */
function toMnistDigit(ink: FloatImage, box: InkInfo['box']): Float32Array {
  const cropped = normaliseStroke(crop(ink, box));
  const scale = MNIST_BOX / Math.max(cropped.width, cropped.height);
  const fitted = resample(
    cropped,
    Math.max(1, Math.min(MNIST_BOX, Math.round(cropped.width * scale))),
    Math.max(1, Math.min(MNIST_BOX, Math.round(cropped.height * scale))),
  );
  return placeByCentreOfMass(fitted);
}

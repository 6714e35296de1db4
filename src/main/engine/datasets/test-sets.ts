// Small datasets made on the spot, for the import tests and bench/dataset-import.ts: a folder of
// PNGs per class, and IDX files (gzipped or not).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { writeIdx } from '../data/idx';

/** Pixels of image `k` of class `label`: a pattern each image has of its own (bytes, channels last). */
export function patternPixels(
  label: number,
  k: number,
  width: number,
  height: number,
  channels: 1 | 3,
): Buffer {
  const out = Buffer.alloc(width * height * channels);
  for (let i = 0; i < out.length; i++) out[i] = (label * 37 + k * 11 + i * 7 + ((i * i) >> 3)) & 0xff;
  return out;
}

export interface FolderSetSpec {
  /** Images per class, by class folder name. */
  classes: Record<string, number>;
  width: number;
  height: number;
  channels: 1 | 3;
}

/** Writes `<dir>/<class>/<k>.png` for each class; returns the files with their pixels, by class. */
export async function makeFolderSet(dir: string, spec: FolderSetSpec): Promise<Map<string, Buffer>> {
  const pixels = new Map<string, Buffer>();
  const names = Object.keys(spec.classes);
  for (const [label, name] of names.entries()) {
    fs.mkdirSync(path.join(dir, name), { recursive: true });
    for (let k = 0; k < spec.classes[name]!; k++) {
      const file = path.join(dir, name, `${String(k).padStart(5, '0')}.png`);
      const bytes = patternPixels(label, k, spec.width, spec.height, spec.channels);
      const raw = { width: spec.width, height: spec.height, channels: spec.channels };
      await sharp(bytes, { raw }).png().toFile(file);
      pixels.set(file, bytes);
    }
  }
  return pixels;
}

/** Writes an IDX image/label pair for `split` ("train" or "t10k") under their usual names. */
export function writeIdxPair(
  dir: string,
  prefix: 'train' | 't10k',
  images: { count: number; rows: number; cols: number; pixels: Uint8Array },
  labels: Uint8Array,
  gzip: boolean,
): void {
  fs.mkdirSync(dir, { recursive: true });
  const write = (name: string, bytes: Buffer) =>
    fs.writeFileSync(path.join(dir, gzip ? `${name}.gz` : name), gzip ? zlib.gzipSync(bytes) : bytes);
  write(`${prefix}-images-idx3-ubyte`, writeIdx([images.count, images.rows, images.cols], images.pixels));
  write(`${prefix}-labels-idx1-ubyte`, writeIdx([labels.length], labels));
}

/** The code and message `promise` is rejected with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return { code: String(code), message: String(message) };
  }
  throw new Error('expected a rejection');
}

/** What is under `<root>/datasets/`: a failed import must leave nothing there. */
export function datasetEntries(root: string): string[] {
  const dir = path.join(root, 'datasets');
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

/** A fresh temp folder per test (registered with the hooks given), holding `data/` and `source/`. */
export function tempFolders(
  prefix: string,
  hooks: { beforeEach(fn: () => void): void; afterEach(fn: () => void): void },
): { tmp: string; root: string; source: string } {
  const where = { tmp: '', root: '', source: '' };
  hooks.beforeEach(() => {
    where.tmp = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    where.root = path.join(where.tmp, 'data');
    where.source = path.join(where.tmp, 'source');
  });
  hooks.afterEach(() => fs.rmSync(where.tmp, { recursive: true, force: true }));
  return where;
}

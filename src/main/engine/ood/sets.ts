// Loads the shipped out-of-distribution sets (validated against their manifest) and turns a user's
// folder of images into one more set through the same preprocessing as single images.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { MNIST_SHAPE, inputSize } from '../../../shared/data-shape';
import { CodedError, err, ok, toApiError, type ApiError, type Result } from '../../../shared/result';
import { MNIST_RULE, prepareImages } from '../image/prepare';
import type { PictureRule } from '../image/preparation';
import { parseIdx } from '../data/idx';
import { OodManifestSchema, type OodManifest, type OodSetEntry } from './manifest';

/** A set of 28×28 images ready for the network. */
export interface OodSet {
  id: string;
  name: string;
  description: string;
  count: number;
  /** count × 784 values in [0, 1], row-major, light on dark (pixels / 255, as MNIST). */
  pixels: Float32Array;
  /** Per image, an index into labelNames (letter, noise kind, shape, or file name). */
  labels: Uint16Array;
  labelNames: string[];
}

/** resources/ood next to the built app (out/main → ../../resources) or the source tree, or $UNSURE_RESOURCES/ood. */
export function defaultOodDir(): string {
  const candidates = [
    process.env.UNSURE_RESOURCES && path.join(process.env.UNSURE_RESOURCES, 'ood'),
    path.join(__dirname, '..', '..', 'resources', 'ood'),
    path.join(__dirname, '..', '..', '..', '..', 'resources', 'ood'),
    path.join(process.cwd(), 'resources', 'ood'),
  ].filter((p): p is string => Boolean(p));
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'manifest.json'))) ?? candidates.at(-1)!;
}

/** Reads and validates resources/ood/manifest.json. */
export function readOodManifest(dir: string = defaultOodDir()): Result<OodManifest> {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8');
  } catch (error) {
    return err('ood_missing', `no out-of-distribution sets in ${dir}: ${toApiError(error).message}`);
  }
  try {
    const parsed = OodManifestSchema.safeParse(JSON.parse(text));
    if (!parsed.success) return err('corrupt_set', `manifest.json is not valid: ${parsed.error.message}`);
    return ok(parsed.data);
  } catch (error) {
    return err('corrupt_set', `manifest.json is not JSON: ${toApiError(error).message}`);
  }
}

function readGzippedIdx(file: string): { raw: Buffer; dims: number[]; data: Uint8Array } {
  let raw: Buffer;
  try {
    raw = zlib.gunzipSync(fs.readFileSync(file));
  } catch (error) {
    throw new CodedError('corrupt_set', `${path.basename(file)}: ${toApiError(error).message}`);
  }
  return { raw, ...parseIdx(raw) };
}

function loadEntry(dir: string, entry: OodSetEntry): OodSet {
  const images = readGzippedIdx(path.join(dir, entry.images));
  const [count, rows, cols] = images.dims;
  if (
    images.dims.length !== 3 ||
    rows !== MNIST_SHAPE.height ||
    cols !== MNIST_SHAPE.width ||
    count !== entry.count
  ) {
    throw new CodedError(
      'corrupt_set',
      `${entry.images} is ${images.dims.join('×')}, expected ${entry.count}×${MNIST_SHAPE.height}×${MNIST_SHAPE.width}`,
    );
  }
  if (crypto.createHash('sha256').update(images.raw).digest('hex') !== entry.sha256) {
    throw new CodedError('corrupt_set', `${entry.images} does not match its checksum`);
  }
  const labels = readGzippedIdx(path.join(dir, entry.labels));
  if (labels.dims[0] !== count || labels.data.some((l) => l >= entry.labelNames.length)) {
    throw new CodedError('corrupt_set', `${entry.labels} does not fit ${entry.images}`);
  }
  return {
    id: entry.id,
    name: entry.name,
    description: entry.description,
    count,
    pixels: Float32Array.from(images.data, (v) => v / 255),
    labels: Uint16Array.from(labels.data),
    labelNames: entry.labelNames,
  };
}

/** Loads one shipped set by id (letters, letters-lower, noise, shapes), checking sizes and checksum. */
export function loadOodSet(id: string, dir: string = defaultOodDir()): Result<OodSet> {
  const manifest = readOodManifest(dir);
  if (!manifest.ok) return manifest;
  const entry = manifest.value.sets.find((s) => s.id === id);
  if (!entry)
    return err(
      'unknown_set',
      `no out-of-distribution set "${id}" (have ${manifest.value.sets.map((s) => s.id).join(', ')})`,
    );
  try {
    return ok(loadEntry(dir, entry));
  } catch (error) {
    return { ok: false, error: toApiError(error, 'corrupt_set') };
  }
}

/** Loads every shipped set. */
export function loadOodSets(dir: string = defaultOodDir()): Result<OodSet[]> {
  const manifest = readOodManifest(dir);
  if (!manifest.ok) return manifest;
  try {
    return ok(manifest.value.sets.map((entry) => loadEntry(dir, entry)));
  } catch (error) {
    return { ok: false, error: toApiError(error, 'corrupt_set') };
  }
}

export interface FolderSet {
  set: OodSet;
  /** Files that could not be used, with why; the rest of the folder still makes the set. */
  failures: { file: string; error: ApiError }[];
}

/** Turns every image file of a folder (not recursive, hidden files skipped) into a set, prepared by `rule` (MNIST's by default). */
export async function loadImageFolder(
  folder: string,
  maxFiles = 5000,
  rule: PictureRule = MNIST_RULE,
): Promise<Result<FolderSet>> {
  let names: string[];
  try {
    const entries = await fs.promises.readdir(folder, { withFileTypes: true });
    names = entries
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'not_a_folder' : 'unreadable';
    return err(code, `cannot read the folder ${folder}: ${toApiError(error).message}`);
  }
  if (names.length > maxFiles)
    return err('too_many_files', `${names.length} files; the limit is ${maxFiles}`);
  const results = await prepareImages(
    names.map((n) => path.join(folder, n)),
    undefined,
    rule,
  );
  const kept: string[] = [];
  const pixels: Float32Array[] = [];
  const failures: FolderSet['failures'] = [];
  results.forEach((result, i) => {
    if (result.ok) {
      kept.push(names[i]!);
      pixels.push(result.value.pixels);
    } else failures.push({ file: names[i]!, error: result.error });
  });
  if (kept.length === 0) return err('empty_set', `no usable image in ${folder} (${failures.length} refused)`);
  const size = inputSize(rule.shape);
  const all = new Float32Array(kept.length * size);
  pixels.forEach((p, i) => all.set(p, i * size));
  const name = path.basename(path.resolve(folder));
  return ok({
    set: {
      id: `folder:${name}`,
      name,
      description: `Images from ${folder}`,
      count: kept.length,
      pixels: all,
      labels: Uint16Array.from(kept, (_, i) => i),
      labelNames: kept,
    },
    failures,
  });
}

// The first pass over a folder-per-class set: which subfolders are classes, which files they hold,
// and each file's size from its header (read through the same checks as a picture to judge); files
// that are no readable image are set aside with why. Only sizes are kept: tens of bytes an image.
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_IMAGE_LIMITS, inspect, readInput } from '../image/prepare';
import type { ImportProgress, SkippedFile } from './import-types';
import { throwIfCancelled } from './staging';
import { datasetError } from './store';

/** Files read at once: bounds memory at this many source files (each ≤ the image cap, 25 MB). */
export const PARALLEL_FILES = 16;

export interface ClassFolder {
  name: string;
  files: string[];
}

export interface ScannedImage {
  file: string;
  label: number;
  width: number;
  height: number;
}

function isHidden(name: string): boolean {
  return name.startsWith('.');
}

/** The class subfolders of `dir` (sorted by name) with their files; hidden entries are ignored. */
export function listClassFolders(dir: string): ClassFolder[] {
  const classes: ClassFolder[] = [];
  const entries = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => !isHidden(e.name));
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name, 'en'))) {
    const folder = path.join(dir, entry.name);
    if (!fs.statSync(folder).isDirectory()) continue;
    const files = fs
      .readdirSync(folder, { withFileTypes: true })
      .filter((e) => !isHidden(e.name) && !e.isDirectory())
      .map((e) => path.join(folder, e.name))
      .sort();
    classes.push({ name: entry.name, files });
  }
  if (classes.every((c) => c.files.length === 0)) {
    throw datasetError(
      'import_invalid',
      `${dir} holds no images: give a folder with one subfolder of images per class, or IDX files`,
    );
  }
  return classes;
}

/** Runs `task` over `items` with at most PARALLEL_FILES at a time, results in order. */
export async function inBatches<T, R>(
  items: readonly T[],
  task: (item: T) => Promise<R>,
  after: (results: R[], batch: readonly T[]) => Promise<void> | void,
  signal: AbortSignal | undefined,
): Promise<void> {
  for (let at = 0; at < items.length; at += PARALLEL_FILES) {
    throwIfCancelled(signal);
    const batch = items.slice(at, at + PARALLEL_FILES);
    await after(await Promise.all(batch.map(task)), batch);
  }
}

/** Reads every file's header; unreadable ones are returned in `skipped`. */
export async function scanImages(
  classes: readonly ClassFolder[],
  onProgress: ((p: ImportProgress) => void) | undefined,
  signal: AbortSignal | undefined,
): Promise<{ images: ScannedImage[]; skipped: SkippedFile[] }> {
  const all = classes.flatMap((c, label) => c.files.map((file) => ({ file, label })));
  const images: ScannedImage[] = [];
  const skipped: SkippedFile[] = [];
  const inspectOne = async ({ file }: { file: string }) => {
    const read = await readInput(file, DEFAULT_IMAGE_LIMITS);
    return read.ok ? inspect(read.value, DEFAULT_IMAGE_LIMITS) : read;
  };
  let done = 0;
  await inBatches(
    all,
    inspectOne,
    (results, batch) => {
      results.forEach((result, i) => {
        const { file, label } = batch[i]!;
        if (result.ok) images.push({ file, label, width: result.value.width, height: result.value.height });
        else skipped.push({ file, reason: result.error.message });
      });
      done += batch.length;
      onProgress?.({ phase: 'scanning', done, total: all.length });
    },
    signal,
  );
  return { images, skipped };
}

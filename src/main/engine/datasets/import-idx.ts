// Import of a folder holding an IDX image/label pair per split under their usual names (MNIST,
// Fashion-MNIST, KMNIST, EMNIST, Debian's /usr/share/datasets/fashion-mnist): every header is
// checked (counts agree, sizes 8–64, labels within the classes) before the images are streamed,
// chunk by chunk, into the staging folder. Splits are kept as given.
import fs from 'node:fs';
import path from 'node:path';
import type { Split } from '../../../shared/api/dataset';
import { FILE_CAPS } from '../files/safe-read';
import { openIdxSource, readIdxData, type IdxSource } from './idx-source';
import type { ImportOptions, ImportResult } from './import-types';
import { throwIfCancelled, withStaging, type SplitWriter } from './staging';
import { SPLITS, datasetError } from './store';
import { resolveClassNames } from './class-names';

const PREFIX: Record<Split, string> = { train: 'train', test: 't10k|test' };

/** The file of `split`'s images or labels in `files`, by its usual name; null when there is none. */
function findFile(
  dir: string,
  files: readonly string[],
  split: Split,
  kind: 'images' | 'labels',
): string | null {
  const rank = kind === 'images' ? 3 : 1;
  const pattern = new RegExp(`(^|[-_.])(${PREFIX[split]})-${kind}[-.]idx${rank}-ubyte(\\.gz)?$`, 'i');
  const found = files.filter((f) => pattern.test(f));
  if (found.length > 1) {
    throw datasetError('import_invalid', `${dir} holds several ${split} ${kind} files: ${found.join(', ')}`);
  }
  return found.length === 1 ? path.join(dir, found[0]!) : null;
}

/** The four IDX files of `dir`, or null when it holds none of them. */
export function findIdxFiles(dir: string): Record<Split, { images: string; labels: string }> | null {
  const files = fs.readdirSync(dir);
  const found = SPLITS.map((s) => [findFile(dir, files, s, 'images'), findFile(dir, files, s, 'labels')]);
  if (found.flat().every((f) => f === null)) return null;
  const missing = SPLITS.flatMap((s, i) =>
    (['images', 'labels'] as const).filter((_, k) => found[i]![k] === null).map((k) => `${s} ${k}`),
  );
  if (missing.length > 0) {
    throw datasetError(
      'import_invalid',
      `${dir} lacks the ${missing.join(', ')} IDX file(s) (train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, gzipped or not)`,
    );
  }
  const [train, test] = found as [string, string][];
  return { train: { images: train![0], labels: train![1] }, test: { images: test![0], labels: test![1] } };
}

interface IdxSplit {
  images: IdxSource;
  labels: Buffer;
  count: number;
}

/** Checks the image header of one split and reads its labels (small: one byte per image). */
async function openSplit(images: IdxSource, labels: IdxSource, split: Split): Promise<IdxSplit> {
  const name = (s: IdxSource) => path.basename(s.file);
  const [count, rows, cols, channels = 1] = images.dims;
  if (images.dims.length < 3 || images.dims.length > 4 || (channels !== 1 && channels !== 3)) {
    throw datasetError('import_invalid', `${name(images)} is not an image file (count × rows × columns)`);
  }
  if (rows! < 8 || rows! > 64 || cols! < 8 || cols! > 64) {
    throw datasetError(
      'import_invalid',
      `${name(images)}: images are ${rows}×${cols}; from 8×8 to 64×64 are accepted`,
    );
  }
  if (labels.dims.length !== 1) throw datasetError('import_invalid', `${name(labels)} is not a label file`);
  if (labels.dims[0] !== count) {
    throw datasetError(
      'import_invalid',
      `the ${split} split holds ${count} images (${name(images)}) but ${labels.dims[0]} labels (${name(labels)})`,
    );
  }
  if (count! * rows! * cols! * channels > FILE_CAPS.datasetPixels || count! > FILE_CAPS.datasetLabels) {
    throw datasetError('import_invalid', `${name(images)}: ${count} images are more than a dataset may hold`);
  }
  return { images, labels: await readIdxData(labels), count: count! };
}

/** Streams one split's images into `writer`, whole images at a time, with their labels. */
async function copySplit(
  from: IdxSplit,
  imageBytes: number,
  writer: SplitWriter,
  progress: (added: number) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of from.images.data()) {
    throwIfCancelled(signal);
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    const whole = Math.floor(pending.length / imageBytes);
    if (whole === 0) continue;
    const at = writer.count;
    await writer.add(pending.subarray(0, whole * imageBytes), from.labels.subarray(at, at + whole));
    pending = pending.subarray(whole * imageBytes);
    progress(whole);
  }
}

export async function importIdx(
  root: string,
  files: Record<Split, { images: string; labels: string }>,
  options: ImportOptions,
): Promise<ImportResult> {
  const sources: IdxSource[] = [];
  const open = async (file: string) => {
    const source = await openIdxSource(file);
    sources.push(source);
    return source;
  };
  try {
    const splits = {} as Record<Split, IdxSplit>;
    for (const s of SPLITS)
      splits[s] = await openSplit(await open(files[s].images), await open(files[s].labels), s);
    const [, rows, cols, channels = 1] = splits.train.images.dims as [number, number, number, number?];
    const testDims = splits.test.images.dims.slice(1).join('×');
    if (testDims !== splits.train.images.dims.slice(1).join('×')) {
      throw datasetError(
        'import_invalid',
        `the train images are ${rows}×${cols}, the test images ${testDims}`,
      );
    }
    const maxLabel = Math.max(...SPLITS.map((s) => splits[s].labels.reduce((m, l) => Math.max(m, l), 0)));
    const classNames = await resolveClassNames(options, options.source, maxLabel);
    const total = splits.train.count + splits.test.count;
    let done = 0;
    const manifest = await withStaging(root, options.name, async (staging) => {
      for (const s of SPLITS) {
        await copySplit(
          splits[s],
          rows * cols * channels,
          staging.splits[s],
          (added) => {
            done += added;
            options.onProgress?.({ phase: 'importing', done, total });
          },
          options.signal,
        );
      }
      throwIfCancelled(options.signal);
      return staging.finish({
        format: 1,
        name: options.name,
        classNames,
        shape: { height: rows, width: cols, channels: channels as 1 | 3, classes: classNames.length },
        splitOrigin: 'given',
        source: { kind: 'idx', path: path.resolve(options.source) },
        preparation: options.preparation ?? 'ink',
        createdAt: new Date().toISOString(),
        notes: [],
      });
    });
    return { manifest, skipped: [] };
  } finally {
    await Promise.all(sources.map((s) => s.close()));
  }
}

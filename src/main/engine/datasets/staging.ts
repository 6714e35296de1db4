// Where an import writes: a hidden folder beside the datasets, each split's pixels and labels
// streamed into it through the atomic writer, the manifest last, then the folder renamed to its
// name in one step. A failed or cancelled import removes the hidden folder: nothing half-written is
// ever seen under the dataset's name.
import fs from 'node:fs';
import type { Split } from '../../../shared/api/dataset';
import { BUILTIN_DATASET, DatasetManifest } from '../../../shared/datasets';
import {
  openAtomicStream,
  syncDirectory,
  writeError,
  writeJsonAtomic,
  type AtomicStream,
} from '../files/atomic-write';
import {
  MANIFEST_FILE,
  SPLITS,
  checkDatasetName,
  datasetDir,
  datasetError,
  datasetsDir,
  hiddenDir,
  labelsFile,
  pixelsFile,
} from './store';
import path from 'node:path';

/** One split being written: examples go in as they come. */
export interface SplitWriter {
  /**
   * Appends examples: `pixels` holds `labels.length` examples' bytes, in order; with several
   * variants (see withStaging), one such array per variant.
   */
  add(pixels: Uint8Array | readonly Uint8Array[], labels: Uint8Array): Promise<void>;
  readonly count: number;
}

export interface Staging {
  readonly splits: Record<Split, SplitWriter>;
  /**
   * Keeps pixel variant `variant` (0 when there is one), writes the manifest (its `splits` counts
   * filled in) and renames the folder into place.
   */
  finish(manifest: Omit<DatasetManifest, 'splits'>, variant?: number): Promise<DatasetManifest>;
}

/** Throws `cancelled` once `signal` is aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw datasetError('cancelled', 'the import was cancelled; nothing was written');
}

/** Refuses a name that is invalid, the built-in one's, or already a dataset's. */
export function checkNewName(root: string, name: string): void {
  checkDatasetName(name);
  if (name === BUILTIN_DATASET) {
    throw datasetError('dataset_exists', `"${name}" is the built-in dataset; choose another name`);
  }
  if (fs.existsSync(datasetDir(root, name))) {
    throw datasetError(
      'dataset_exists',
      `a dataset called "${name}" exists; delete it or choose another name`,
    );
  }
}

interface SplitStreams {
  pixels: AtomicStream[];
  labels: AtomicStream;
}

function splitWriter(streams: SplitStreams): SplitWriter {
  let count = 0;
  return {
    get count() {
      return count;
    },
    async add(p, l) {
      const variants = p instanceof Uint8Array ? [p] : p;
      if (variants.length !== streams.pixels.length) throw new Error('one pixel array per variant');
      for (let v = 0; v < variants.length; v++) await streams.pixels[v]!.write(variants[v]!);
      await streams.labels.write(l);
      count += l.length;
    },
  };
}

/**
 * Runs `work` with a fresh staging folder for dataset `name`; `work` ends by calling finish. On any
 * error (cancel included) the staging folder and its files are removed and the error rethrown.
 * `variants` > 1 writes that many versions of the pixels side by side (grey and colour, while it is
 * not yet known which the dataset is); finish keeps one.
 */
export async function withStaging(
  root: string,
  name: string,
  work: (staging: Staging) => Promise<DatasetManifest>,
  variants = 1,
): Promise<DatasetManifest> {
  checkNewName(root, name);
  await fs.promises.mkdir(datasetsDir(root), { recursive: true });
  const temp = hiddenDir(root, 'importing', name);
  await fs.promises.mkdir(temp);
  const streams: AtomicStream[] = [];
  try {
    const open = async (file: string) => {
      const stream = await openAtomicStream(path.join(temp, file));
      streams.push(stream);
      return stream;
    };
    const perSplit = {} as Record<Split, SplitStreams>;
    const splits = {} as Record<Split, SplitWriter>;
    for (const split of SPLITS) {
      const pixels: AtomicStream[] = [];
      // Every variant targets the same file name: only the kept one is ever renamed onto it.
      for (let v = 0; v < variants; v++) pixels.push(await open(pixelsFile(split)));
      perSplit[split] = { pixels, labels: await open(labelsFile(split)) };
      splits[split] = splitWriter(perSplit[split]);
    }
    const finishWith = (m: Omit<DatasetManifest, 'splits'>, variant = 0) =>
      finish(root, temp, perSplit, splits, m, variant);
    return await work({ splits, finish: finishWith });
  } catch (error) {
    await Promise.all(streams.map((s) => s.abort()));
    await fs.promises.rm(temp, { recursive: true, force: true });
    throw error;
  }
}

async function finish(
  root: string,
  temp: string,
  streams: Record<Split, SplitStreams>,
  splits: Record<Split, SplitWriter>,
  partial: Omit<DatasetManifest, 'splits'>,
  variant: number,
): Promise<DatasetManifest> {
  for (const split of SPLITS) {
    if (splits[split].count === 0) {
      throw datasetError(
        'import_invalid',
        `the ${split} split would be empty: there are too few readable images`,
      );
    }
  }
  const manifest = DatasetManifest.parse({
    ...partial,
    splits: { train: splits.train.count, test: splits.test.count },
  });
  for (const split of SPLITS) {
    const { pixels, labels } = streams[split];
    for (let v = 0; v < pixels.length; v++) await (v === variant ? pixels[v]!.commit() : pixels[v]!.abort());
    await labels.commit();
  }
  await writeJsonAtomic(path.join(temp, MANIFEST_FILE), manifest);
  const target = datasetDir(root, manifest.name);
  try {
    // A rename onto an existing non-empty folder fails, so a dataset made meanwhile is never replaced.
    await fs.promises.rename(temp, target);
    // The rename itself is durable only once the folder holding it is synced.
    syncDirectory(path.dirname(target));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EPERM') {
      throw datasetError('dataset_exists', `a dataset called "${manifest.name}" was made meanwhile`);
    }
    throw writeError(target, error);
  }
  return manifest;
}

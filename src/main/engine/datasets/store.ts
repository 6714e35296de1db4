// The datasets of a data folder: the built-in MNIST and those imported into
// `<data folder>/datasets/<name>/` (manifest.json, then per split `<split>.pixels` — count × height ×
// width × channels bytes, channels last — and `<split>.labels`, one byte per example). Every file is
// read through the safe reader; a folder whose files disagree with its manifest is refused, not guessed.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  BUILTIN_DATASET,
  DatasetManifest,
  DatasetName,
  type DatasetErrorCode,
} from '../../../shared/datasets';
import { inputSize } from '../../../shared/data-shape';
import type { Split } from '../../../shared/api/dataset';
import { CodedError, toApiError } from '../../../shared/result';
import { readCheckedSync, readCheckedText } from '../files/safe-read';
import type { Dataset, DatasetSplit } from './dataset';
import { mnistDataset } from './mnist';

export const MANIFEST_FILE = 'manifest.json';
export const SPLITS: readonly Split[] = ['train', 'test'];

export function pixelsFile(split: Split): string {
  return `${split}.pixels`;
}

export function labelsFile(split: Split): string {
  return `${split}.labels`;
}

export function datasetError(code: DatasetErrorCode, message: string): CodedError {
  return new CodedError(code, message);
}

/** The folder holding one folder per imported dataset. */
export function datasetsDir(root: string): string {
  return path.join(root, 'datasets');
}

/** Checks `name` is a valid dataset name; throws `invalid_name` with the rule otherwise. */
export function checkDatasetName(name: string): DatasetName {
  const parsed = DatasetName.safeParse(name);
  if (!parsed.success) {
    throw datasetError('invalid_name', `"${name}" is not a dataset name: ${parsed.error.issues[0]!.message}`);
  }
  return parsed.data;
}

/** The folder of imported dataset `name` (checked, so it never leaves `datasets/`). */
export function datasetDir(root: string, name: string): string {
  return path.join(datasetsDir(root), checkDatasetName(name));
}

async function readManifest(dir: string, name: string): Promise<DatasetManifest> {
  let text: string;
  try {
    text = await readCheckedText(path.join(dir, MANIFEST_FILE), 'datasetManifest');
  } catch (error) {
    const { code, message } = toApiError(error);
    if (code === 'file_missing') throw datasetError('not_found', `there is no dataset "${name}"`);
    throw datasetError('dataset_invalid', `dataset "${name}": ${message}`);
  }
  let parsed: DatasetManifest;
  try {
    parsed = DatasetManifest.parse(JSON.parse(text));
  } catch (error) {
    throw datasetError(
      'dataset_invalid',
      `dataset "${name}": its manifest is not valid (${toApiError(error).message})`,
    );
  }
  if (parsed.name !== name) {
    throw datasetError('dataset_invalid', `dataset "${name}": its manifest names it "${parsed.name}"`);
  }
  return parsed;
}

/** Reads one split of an imported dataset, checking its sizes and labels against the manifest. */
function readSplit(dir: string, manifest: DatasetManifest, split: Split): DatasetSplit {
  const count = manifest.splits[split];
  const what = `dataset "${manifest.name}", ${split} split`;
  let pixels: Buffer;
  let labels: Buffer;
  try {
    pixels = readCheckedSync(path.join(dir, pixelsFile(split)), 'datasetPixels');
    labels = readCheckedSync(path.join(dir, labelsFile(split)), 'datasetLabels');
  } catch (error) {
    throw datasetError('dataset_invalid', `${what}: ${toApiError(error).message}`);
  }
  const expected = count * inputSize(manifest.shape);
  if (pixels.length !== expected || labels.length !== count) {
    throw datasetError(
      'dataset_invalid',
      `${what}: ${pixels.length} pixel bytes and ${labels.length} labels, its manifest says ${expected} and ${count}`,
    );
  }
  const bad = labels.findIndex((l) => l >= manifest.classNames.length);
  if (bad >= 0)
    throw datasetError('dataset_invalid', `${what}: label ${bad} is ${labels[bad]}, past the last class`);
  return { count, pixels, labels };
}

/** A Dataset over an imported folder; each split is read on first use and kept. */
function importedDataset(dir: string, manifest: DatasetManifest): Dataset {
  const cache = new Map<Split, DatasetSplit>();
  return {
    manifest,
    split(split) {
      let cached = cache.get(split);
      if (!cached) {
        cached = readSplit(dir, manifest, split);
        cache.set(split, cached);
      }
      return cached;
    },
  };
}

/** The dataset called `name`: 'mnist' is the built-in one, any other an imported folder. */
export async function openDataset(root: string, name: string): Promise<Dataset> {
  if (name === BUILTIN_DATASET) return mnistDataset;
  const dir = datasetDir(root, name);
  return importedDataset(dir, await readManifest(dir, name));
}

export interface DatasetListing {
  /** The built-in MNIST first, then the imported ones by name. */
  datasets: DatasetManifest[];
  /** Folders under datasets/ that are not valid datasets, with why. */
  broken: { name: string; reason: string }[];
}

/** Every dataset of the data folder (folders whose name starts with "." are imports under way). */
export async function listDatasets(root: string): Promise<DatasetListing> {
  let entries: fs.Dirent[] = [];
  try {
    entries = await fs.promises.readdir(datasetsDir(root), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const listing: DatasetListing = { datasets: [mnistDataset.manifest], broken: [] };
  const names = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name);
  for (const name of names.sort()) {
    try {
      const dir = datasetDir(root, name);
      listing.datasets.push(await readManifest(dir, name));
    } catch (error) {
      listing.broken.push({ name, reason: toApiError(error).message });
    }
  }
  return listing;
}

export interface DatasetDetails {
  manifest: DatasetManifest;
  /** Examples per class (index = label) in each split. */
  classCounts: Record<Split, number[]>;
}

/** A dataset's manifest and its examples per class (reads the labels, checked). */
export async function showDataset(root: string, name: string): Promise<DatasetDetails> {
  const dataset = await openDataset(root, name);
  const classes = dataset.manifest.classNames.length;
  const count = (split: Split): number[] => {
    const counts = new Array<number>(classes).fill(0);
    for (const label of dataset.split(split).labels) counts[label]!++;
    return counts;
  };
  return { manifest: dataset.manifest, classCounts: { train: count('train'), test: count('test') } };
}

/** A hidden name beside the datasets, for a folder that is being made or removed. */
export function hiddenDir(root: string, purpose: string, name: string): string {
  return path.join(datasetsDir(root), `.${purpose}-${name}-${randomBytes(4).toString('hex')}`);
}

/** Deletes an imported dataset: moved aside in one rename (so it is gone at once), then removed. */
export async function deleteDataset(root: string, name: string): Promise<void> {
  if (name === BUILTIN_DATASET) {
    throw datasetError('dataset_builtin', `"${BUILTIN_DATASET}" is built in and cannot be deleted`);
  }
  const dir = datasetDir(root, name);
  const aside = hiddenDir(root, 'deleting', name);
  try {
    await fs.promises.rename(dir, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw datasetError('not_found', `there is no dataset "${name}"`);
    }
    throw error;
  }
  await fs.promises.rm(aside, { recursive: true, force: true });
}

// The dataset the Data view browses (MNIST, or one the user imported): its manifest and labels up
// front (one call), pixels fetched on demand for what is on screen, kept in one flat buffer per
// split so 60k thumbnails never mean 60k objects. Switching datasets drops the old one's buffers,
// and answers about a dataset no longer shown are ignored.
import type { Split } from '../../../shared/api/dataset';
import { inputSize } from '../../../shared/data-shape';
import { BUILTIN_DATASET, MNIST_MANIFEST, type DatasetManifest } from '../../../shared/datasets';
import { api } from './api';
import { base64ToBytes } from './files';

const MAX_PER_CALL = 512;

interface SplitCache {
  count: number;
  labels: Uint8Array;
  pixels: Uint8Array;
  /** 0 = not asked, 1 = asked, 2 = here. */
  state: Uint8Array;
}

class DatasetStore {
  /** The dataset shown (or being loaded). */
  name = $state(BUILTIN_DATASET);
  manifest = $state.raw<DatasetManifest>(MNIST_MANIFEST);
  loading = $state(false);
  error = $state<string | null>(null);
  fetchError = $state<string | null>(null);
  /** Bumped whenever pixels arrive, so thumbnails redraw. */
  version = $state(0);
  ready = $state(false);
  // Raw state: reassigned once when labels arrive; the typed arrays inside are mutated without tracking.
  private cache = $state.raw<Partial<Record<Split, SplitCache>>>({});

  /** Bytes per image of the dataset shown. */
  get imageBytes(): number {
    return inputSize(this.manifest.shape);
  }

  /** Shows dataset `name` (MNIST when not given), loading its labels unless it is already shown. */
  async load(name: string = this.name): Promise<void> {
    if (name === this.name && (this.ready || this.loading)) return;
    this.name = name;
    this.ready = false;
    this.loading = true;
    this.cache = {};
    const result = await api.getDatasetSummary({ dataset: name });
    if (name !== this.name) return;
    this.loading = false;
    if (!result.ok) {
      this.error = result.error.message;
      return;
    }
    const { manifest, train, test, trainLabels, testLabels } = result.value;
    const size = inputSize(manifest.shape);
    const make = (count: number, labels: string): SplitCache => ({
      count,
      labels: base64ToBytes(labels),
      pixels: new Uint8Array(count * size),
      state: new Uint8Array(count),
    });
    this.manifest = manifest;
    this.cache = { train: make(train, trainLabels), test: make(test, testLabels) };
    this.error = null;
    this.fetchError = null;
    this.ready = true;
  }

  /** Loads the shown dataset again (after an error). */
  retry(): Promise<void> {
    this.error = null;
    return this.load(this.name);
  }

  count(split: Split): number {
    return this.cache[split]?.count ?? 0;
  }

  labels(split: Split): Uint8Array {
    return this.cache[split]?.labels ?? new Uint8Array(0);
  }

  /** The class name of a label of the dataset shown. */
  className(label: number): string {
    return this.manifest.classNames[label] ?? String(label);
  }

  /** The pixels of an image, or null while they are on their way. */
  pixels(split: Split, index: number): Uint8Array | null {
    const cache = this.cache[split];
    const size = this.imageBytes;
    if (!cache || cache.state[index] !== 2) return null;
    return cache.pixels.subarray(index * size, (index + 1) * size);
  }

  /** Fetches whatever of `indices` is neither here nor asked for, ≤512 per call, in parallel. */
  ensure(split: Split, indices: ArrayLike<number>): void {
    const cache = this.cache[split];
    if (!cache) return;
    const wanted: number[] = [];
    for (let i = 0; i < indices.length; i++) {
      const index = indices[i]!;
      if (cache.state[index] === 0) {
        cache.state[index] = 1;
        wanted.push(index);
      }
    }
    for (let start = 0; start < wanted.length; start += MAX_PER_CALL) {
      void this.fetch(this.name, split, cache, wanted.slice(start, start + MAX_PER_CALL));
    }
  }

  private async fetch(dataset: string, split: Split, cache: SplitCache, indices: number[]): Promise<void> {
    const result = await api.getDatasetImages({ dataset, split, indices });
    if (dataset !== this.name || cache !== this.cache[split]) return;
    if (!result.ok) {
      for (const index of indices) cache.state[index] = 0;
      this.fetchError = result.error.message;
      return;
    }
    const bytes = base64ToBytes(result.value.pixelsBase64);
    const size = this.imageBytes;
    result.value.indices.forEach((index, k) => {
      cache.pixels.set(bytes.subarray(k * size, (k + 1) * size), index * size);
      cache.state[index] = 2;
    });
    this.fetchError = null;
    this.version++;
  }
}

export const datasetStore = new DatasetStore();

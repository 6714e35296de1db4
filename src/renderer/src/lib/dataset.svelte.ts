// MNIST as the Data view sees it: labels up front (one call), pixels fetched on demand for what is
// on screen, kept in one flat buffer per split so 60k thumbnails never mean 60k objects.
import type { Split } from '../../../shared/api/dataset';
import { api } from './api';
import { base64ToBytes } from './files';

import { PIXELS } from './digits';

export { PIXELS };
const MAX_PER_CALL = 512;

interface SplitCache {
  count: number;
  labels: Uint8Array;
  pixels: Uint8Array;
  /** 0 = not asked, 1 = asked, 2 = here. */
  state: Uint8Array;
}

class DatasetStore {
  loading = $state(false);
  error = $state<string | null>(null);
  fetchError = $state<string | null>(null);
  /** Bumped whenever pixels arrive, so thumbnails redraw. */
  version = $state(0);
  ready = $state(false);
  // Raw state: reassigned once when labels arrive; the typed arrays inside are mutated without tracking.
  private cache = $state.raw<Partial<Record<Split, SplitCache>>>({});

  /** Loads counts and labels once. */
  async load(): Promise<void> {
    if (this.ready || this.loading) return;
    this.loading = true;
    const result = await api.getDatasetSummary();
    this.loading = false;
    if (!result.ok) {
      this.error = result.error.message;
      return;
    }
    const { train, test, trainLabels, testLabels } = result.value;
    const make = (count: number, labels: string): SplitCache => ({
      count,
      labels: base64ToBytes(labels),
      pixels: new Uint8Array(count * PIXELS),
      state: new Uint8Array(count),
    });
    this.cache = { train: make(train, trainLabels), test: make(test, testLabels) };
    this.error = null;
    this.ready = true;
  }

  count(split: Split): number {
    return this.cache[split]?.count ?? 0;
  }

  labels(split: Split): Uint8Array {
    return this.cache[split]?.labels ?? new Uint8Array(0);
  }

  /** The 784 pixels of an image, or null while they are on their way. */
  pixels(split: Split, index: number): Uint8Array | null {
    const cache = this.cache[split];
    if (!cache || cache.state[index] !== 2) return null;
    return cache.pixels.subarray(index * PIXELS, (index + 1) * PIXELS);
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
      void this.fetch(split, cache, wanted.slice(start, start + MAX_PER_CALL));
    }
  }

  private async fetch(split: Split, cache: SplitCache, indices: number[]): Promise<void> {
    const result = await api.getDatasetImages({ split, indices });
    if (!result.ok) {
      for (const index of indices) cache.state[index] = 0;
      this.fetchError = result.error.message;
      return;
    }
    const bytes = base64ToBytes(result.value.pixelsBase64);
    result.value.indices.forEach((index, k) => {
      cache.pixels.set(bytes.subarray(k * PIXELS, (k + 1) * PIXELS), index * PIXELS);
      cache.state[index] = 2;
    });
    this.fetchError = null;
    this.version++;
  }
}

export const datasetStore = new DatasetStore();

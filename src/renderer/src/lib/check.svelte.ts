// Verdicts on the user's own images: each picked, dropped or drawn image becomes an item that fills in
// as the engine answers. Files go in batches (the contract takes 64 per call) so nothing blocks.
import type { ApiError } from '../../../shared/api/common';
import type { ScoreName, Verdict } from '../../../shared/api/check';
import { api } from './api';
import { blobToBase64, displayName } from './files';
import { messageOf } from './format';

/** One image in the Check view. */
export interface CheckItem {
  key: number;
  name: string;
  /** Object URL of the original bytes for the thumbnail (revoked on clear). */
  url: string;
  state: 'waiting' | 'done' | 'failed';
  verdict: Verdict | null;
  error: ApiError | null;
}

const BATCH_FILES = 16;
const BATCH_BYTES = 24 * 1024 * 1024;

class CheckStore {
  items = $state<CheckItem[]>([]);
  /** The score to judge by; null uses the one the model was calibrated on. */
  score = $state<ScoreName | null>(null);
  modelId = $state<string | null>(null);
  private nextKey = 1;

  /** Number of images still waiting for the engine. */
  get waiting(): number {
    return this.items.filter((item) => item.state === 'waiting').length;
  }

  /** Adds files (newest first on screen) and asks the engine about them, batch by batch. */
  async add(files: File[]): Promise<void> {
    const batch = files.map((file) => ({ file, key: this.nextKey++ }));
    const fresh: CheckItem[] = batch.map(({ file, key }) => ({
      key,
      name: displayName(file),
      url: URL.createObjectURL(file),
      state: 'waiting',
      verdict: null,
      error: null,
    }));
    this.items = [...fresh.reverse(), ...this.items];
    let group: { file: File; key: number }[] = [];
    let bytes = 0;
    for (const entry of batch) {
      if (group.length > 0 && (group.length >= BATCH_FILES || bytes + entry.file.size > BATCH_BYTES)) {
        await this.send(group);
        group = [];
        bytes = 0;
      }
      group.push(entry);
      bytes += entry.file.size;
    }
    if (group.length > 0) await this.send(group);
  }

  /** Sends one batch; a file that cannot be read fails alone, a failed call fails its batch. */
  private async send(group: { file: File; key: number }[]): Promise<void> {
    const payload: { name: string; dataBase64: string; key: number }[] = [];
    for (const { file, key } of group) {
      try {
        payload.push({ name: displayName(file), dataBase64: await blobToBase64(file), key });
      } catch (error) {
        this.settle(key, null, { code: 'unreadable', message: `cannot read the file: ${messageOf(error)}` });
      }
    }
    if (payload.length === 0) return;
    const result = await api.checkImages({
      files: payload.map(({ name, dataBase64 }) => ({ name, dataBase64 })),
      ...(this.score ? { score: this.score } : {}),
      ...(this.modelId ? { modelId: this.modelId } : {}),
    });
    payload.forEach(({ key }, i) => {
      if (!result.ok) return this.settle(key, null, result.error);
      const answer = result.value.results[i];
      if (!answer)
        this.settle(key, null, { code: 'missing', message: 'the engine gave no answer for this file' });
      else if (answer.ok) this.settle(key, answer, null);
      else this.settle(key, null, answer.error);
    });
  }

  private settle(key: number, verdict: Verdict | null, error: ApiError | null): void {
    const item = this.items.find((candidate) => candidate.key === key);
    if (!item) return;
    item.verdict = verdict;
    item.error = error;
    item.state = verdict ? 'done' : 'failed';
  }

  /** Removes every result and frees the thumbnails. */
  clear(): void {
    for (const item of this.items) URL.revokeObjectURL(item.url);
    this.items = [];
  }
}

export const checkStore = new CheckStore();

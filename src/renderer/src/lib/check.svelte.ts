// Verdicts on the user's own images: each picked, dropped, pasted, photographed or drawn image becomes an
// item that fills in as the engine answers. Files go in batches (the contract takes 64 per call).
import type { Outcome } from '../../../shared/outcomes';
import type { ApiError } from '../../../shared/api/common';
import type { ScoreName, Verdict } from '../../../shared/api/check';
import { toCheckLine, type CheckLine } from '../../../shared/check-line';
import { api } from './api';
import { blobToBase64, displayName } from './files';
import { messageOf } from './format';

/** One image in the Check view. */
export interface CheckItem {
  key: number;
  name: string;
  /** Object URL of the original bytes for the thumbnail (revoked on clear). */
  url: string;
  /** The original, for marking it to teach the next run. */
  file: Blob;
  state: 'waiting' | 'done' | 'failed';
  verdict: Verdict | null;
  /** The classes of the model that judged it (its dataset's; absent: MNIST's digits). */
  classNames?: readonly string[];
  error: ApiError | null;
}

/** The answer about one image: its verdict (and the model's class names) or why there is none. */
export type Judgement =
  { ok: true; verdict: Verdict; classNames?: readonly string[] } | { ok: false; error: ApiError };

/** How a batch went, for the summary line. */
export interface CheckSummary {
  /** How many got each outcome. */
  outcomes: Record<Outcome, number>;
  failed: number;
  waiting: number;
}

const BATCH_FILES = 16;
const BATCH_BYTES = 24 * 1024 * 1024;

class CheckStore {
  items = $state<CheckItem[]>([]);
  /** The score to judge by; null uses the model's default (its calibrated score unless that separates poorly). */
  score = $state<ScoreName | null>(null);
  modelId = $state<string | null>(null);
  private nextKey = 1;
  private counters = new Map<string, number>();

  /** Number of images still waiting for the engine. */
  get waiting(): number {
    return this.items.filter((item) => item.state === 'waiting').length;
  }

  get summary(): CheckSummary {
    const count = (test: (item: CheckItem) => boolean) => this.items.filter(test).length;
    return {
      outcomes: {
        accept: count((item) => item.verdict?.outcome === 'accept'),
        ambiguous: count((item) => item.verdict?.outcome === 'ambiguous'),
        not_a_digit: count((item) => item.verdict?.outcome === 'not_a_digit'),
      },
      failed: count((item) => item.state === 'failed'),
      waiting: this.waiting,
    };
  }

  /** The next title of a series: "drawing 1", "drawing 2", … */
  numbered(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix} ${n}`;
  }

  /** Adds files (newest first on screen) and asks the engine about them, batch by batch. */
  async add(files: File[]): Promise<void> {
    const batch = files.map((file) => ({ file, key: this.nextKey++ }));
    const fresh: CheckItem[] = batch.map(({ file, key }) => ({
      key,
      name: displayName(file),
      url: URL.createObjectURL(file),
      file,
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

  /** Asks about one image without adding a card (the draw pad's live verdict). */
  async judge(file: File): Promise<Judgement> {
    const [answer] = await this.ask([{ name: displayName(file), dataBase64: await blobToBase64(file) }]);
    return answer!;
  }

  /** The results so far as `unsure check --json` lines, in the order they were added. */
  lines(): CheckLine[] {
    return [...this.items].reverse().flatMap((item): CheckLine[] => {
      if (item.state === 'done' && item.verdict) return [toCheckLine({ ...item.verdict, file: item.name })];
      if (item.state === 'failed' && item.error) return [{ file: item.name, ok: false, error: item.error }];
      return [];
    });
  }

  /** Sends one batch; a file that cannot be read fails alone, a failed call fails its batch. */
  private async send(group: { file: File; key: number }[]): Promise<void> {
    const payload: { name: string; dataBase64: string; key: number }[] = [];
    for (const { file, key } of group) {
      try {
        payload.push({ name: displayName(file), dataBase64: await blobToBase64(file), key });
      } catch (error) {
        this.settle(key, {
          ok: false,
          error: { code: 'unreadable', message: `cannot read the file: ${messageOf(error)}` },
        });
      }
    }
    if (payload.length === 0) return;
    const answers = await this.ask(payload.map(({ name, dataBase64 }) => ({ name, dataBase64 })));
    payload.forEach(({ key }, i) => this.settle(key, answers[i]!));
  }

  /** One judgement per file, in order; a failed call fails every file of it. */
  private async ask(files: { name: string; dataBase64: string }[]): Promise<Judgement[]> {
    const result = await api.checkImages({
      files,
      ...(this.score ? { score: this.score } : {}),
      ...(this.modelId ? { modelId: this.modelId } : {}),
    });
    return files.map((_, i): Judgement => {
      if (!result.ok) return { ok: false, error: result.error };
      const answer = result.value.results[i];
      if (!answer)
        return { ok: false, error: { code: 'missing', message: 'the engine gave no answer for this file' } };
      const { classNames } = result.value;
      return answer.ok
        ? { ok: true, verdict: answer, ...(classNames ? { classNames } : {}) }
        : { ok: false, error: answer.error };
    });
  }

  private settle(key: number, judgement: Judgement): void {
    const item = this.items.find((candidate) => candidate.key === key);
    if (!item) return;
    item.verdict = judgement.ok ? judgement.verdict : null;
    item.classNames = judgement.ok ? judgement.classNames : undefined;
    item.error = judgement.ok ? null : judgement.error;
    item.state = judgement.ok ? 'done' : 'failed';
  }

  /** Removes every result and frees the thumbnails. */
  clear(): void {
    for (const item of this.items) URL.revokeObjectURL(item.url);
    this.items = [];
  }
}

export const checkStore = new CheckStore();

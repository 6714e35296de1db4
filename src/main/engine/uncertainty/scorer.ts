// Scores images with a model, imports posterior files and calibrates models on a worker thread
// (score-worker.ts): TensorFlow's work, the summing of 60k × 100 samples and the decoding and
// writing of a 300 MB posterior then never hold up the event loop that answers requests. One
// worker, started on first use and ended after a while idle, so its memory goes back.
import { createRequire } from 'node:module';
import { SHARE_ENV, Worker } from 'node:worker_threads';
import { CodedError } from '../../../shared/result';
import type { PredictiveSummary } from '../../../shared/uncertainty/scores';
import { findEntry } from '../entry';
import { ScoreEvent, type ImportTwin, type ScoreCommand, type ScoreInputs } from './score-protocol';

type Finished = Extract<ScoreEvent, { type: 'done' | 'imported' | 'calibrated' }>;
type Job = Exclude<ScoreCommand, { type: 'cancel' }>;
/** A job's command before it has an id (distributed over the union, so each keeps its fields). */
type Ask = Job extends infer J ? (J extends Job ? Omit<J, 'id'> : never) : never;

export type { ScoreInputs };

export interface ScoreOptions {
  /** Called with the share done, 0 to 1. */
  onProgress?: (fraction: number) => void;
  /** Aborting ends the job with CodedError('cancelled'). */
  signal?: AbortSignal;
}

interface Pending {
  resolve(event: Finished): void;
  reject(error: Error): void;
  onProgress?: (fraction: number) => void;
}

/**
 * How to start the worker: the bundled entry, or its TS source through tsx (tests, benches). It
 * shares this process's environment: TensorFlow reads its settings (TF_ENABLE_ONEDNN_OPTS, set in
 * backend.ts) from the process's real environment, which a worker's own copy never reaches.
 */
function startWorker(): Worker {
  const { file, bundled } = findEntry('score-worker', __dirname);
  if (bundled) return new Worker(file, { env: SHARE_ENV });
  const tsx = createRequire(__filename).resolve('tsx/cjs/api');
  const code = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(file)});`;
  return new Worker(code, { eval: true, env: SHARE_ENV });
}

export class Scorer {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private idle: NodeJS.Timeout | null = null;

  constructor(private readonly idleMs = 30_000) {}

  /** The summary of S posterior samples of the model in `modelDir` over `inputs`. */
  async score(
    modelDir: string,
    inputs: ScoreInputs,
    samples: number,
    options: ScoreOptions = {},
  ): Promise<PredictiveSummary> {
    const event = await this.run({ type: 'score', modelDir, inputs, samples }, [], options);
    return expect(event, 'done').summary;
  }

  /**
   * Validates an export file's bytes and adds it under `root` as a new model (importModelBytes, on
   * the worker): its id and folder, or a CodedError. `bytes` is transferred: it is empty afterwards.
   */
  async importModel(
    root: string,
    bytes: Uint8Array,
    twins: readonly ImportTwin[] = [],
    now = new Date(),
  ): Promise<{ id: string; dir: string }> {
    const event = await this.run({ type: 'import', root, bytes, now: now.getTime(), twins: [...twins] }, [
      bytes.buffer as ArrayBuffer,
    ]);
    return expect(event, 'imported').model;
  }

  /** Calibrates the model in `modelDir` and stores the result (calibrateModelDir, on the worker). */
  async calibrate(modelDir: string, dataRoot?: string): Promise<void> {
    expect(await this.run({ type: 'calibrate', modelDir, ...(dataRoot ? { dataRoot } : {}) }), 'calibrated');
  }

  private run(
    ask: Ask,
    transfer: ArrayBuffer[] = [],
    { onProgress, signal }: ScoreOptions = {},
  ): Promise<Finished> {
    if (signal?.aborted) return Promise.reject(new CodedError('cancelled', 'the scoring was cancelled'));
    const worker = this.start();
    const id = this.nextId++;
    const cancel = () => this.post(worker, { type: 'cancel', id });
    signal?.addEventListener('abort', cancel, { once: true });
    return new Promise<Finished>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.post(worker, { ...ask, id }, transfer);
    }).finally(() => {
      signal?.removeEventListener('abort', cancel);
      this.pending.delete(id);
      this.whenIdle();
    });
  }

  /** Ends the worker; jobs still running fail. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private post(worker: Worker, command: ScoreCommand, transfer: ArrayBuffer[] = []): void {
    worker.postMessage(command, transfer);
  }

  private start(): Worker {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    if (this.worker) {
      this.worker.ref();
      return this.worker;
    }
    const worker = startWorker();
    worker.on('message', (raw: unknown) => this.receive(raw));
    worker.on('error', (error) => this.failAll(worker, error));
    worker.on('exit', (code) =>
      this.failAll(worker, new CodedError('scoring_failed', `the scoring worker stopped (exit ${code})`)),
    );
    this.worker = worker;
    return worker;
  }

  private receive(raw: unknown): void {
    const parsed = ScoreEvent.safeParse(raw);
    if (!parsed.success) return;
    const event = parsed.data;
    const job = this.pending.get(event.id);
    if (!job) return;
    if (event.type === 'progress') job.onProgress?.(event.fraction);
    else if (event.type === 'error') job.reject(new CodedError(event.error.code, event.error.message));
    else job.resolve(event);
  }

  private failAll(worker: Worker, error: Error): void {
    if (this.worker === worker) this.worker = null;
    for (const job of this.pending.values()) job.reject(error);
    this.pending.clear();
  }

  /** With no job left, the worker ends after idleMs and lets the process exit meanwhile. */
  private whenIdle(): void {
    if (this.pending.size > 0 || !this.worker) return;
    this.worker.unref();
    this.idle = setTimeout(() => void this.close(), this.idleMs);
    this.idle.unref();
  }
}

/** The event a job ends with, checked to be of the kind its command asks for. */
function expect<T extends Finished['type']>(event: Finished, type: T): Extract<Finished, { type: T }> {
  if (event.type !== type) throw new CodedError('internal', `the worker answered ${event.type}, not ${type}`);
  return event as Extract<Finished, { type: T }>;
}

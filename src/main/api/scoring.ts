// Scored splits behind the Uncertainty and Data views. Each scoring runs on the scoring worker,
// is shared by every request that asks for it meanwhile, reports progress as `scoringProgress`
// events and can be cancelled. Results are kept in memory per model file state and sample
// count: this process outlives page reloads, so a reloaded view gets them at once.
import type { ScoringJob } from '../../shared/api/uncertainty';
import { CodedError } from '../../shared/result';
import type { PredictiveSummary } from '../../shared/uncertainty/scores';
import type { LoadedModel } from '../engine/store';
import { Scorer, type ScoreInputs } from '../engine/uncertainty/scorer';
import type { AppContext } from './context';

/** Scored results kept: a few models' report and training split (about 7 MB per 60k split). */
const KEPT = 8;

interface Running {
  job: ScoringJob;
  promise: Promise<unknown>;
  abort: AbortController;
}

/** One scoring task: its parts (each a set of inputs) weighted by their image counts for progress. */
export interface ScoringPart {
  inputs: ScoreInputs;
  images: number;
}

export class ScoringService {
  private readonly kept = new Map<string, unknown>();
  private readonly running = new Map<string, Running>();

  constructor(
    private readonly ctx: AppContext,
    private readonly scorer = new Scorer(),
  ) {}

  /** The cache key of a model's file state and a sample count. */
  static key(model: LoadedModel, samples: number): string {
    return `${model.dir}|${model.meta.updatedAt}|${samples}`;
  }

  /**
   * The summaries of `parts` under `model` (from memory, from a scoring under way, or computed
   * now); with `ifCached`, CodedError('not_cached') rather than a new scoring.
   */
  async summaries(
    job: ScoringJob,
    key: string,
    model: LoadedModel,
    samples: number,
    parts: ScoringPart[],
    ifCached = false,
  ): Promise<PredictiveSummary[]> {
    const id = `${job}|${key}`;
    if (this.kept.has(id)) {
      const value = this.kept.get(id) as PredictiveSummary[];
      this.kept.delete(id); // most recently used last
      this.kept.set(id, value);
      return value;
    }
    const running = this.running.get(id);
    if (running) return running.promise as Promise<PredictiveSummary[]>;
    if (ifCached) throw new CodedError('not_cached', `no ${job} scores computed yet for this model`);
    const abort = new AbortController();
    const promise = this.compute(job, model, samples, parts, abort.signal);
    this.running.set(id, { job, promise, abort });
    try {
      const value = await promise;
      this.kept.set(id, value);
      for (const old of this.kept.keys()) if (this.kept.size > KEPT) this.kept.delete(old);
      return value;
    } finally {
      this.running.delete(id);
    }
  }

  /** Cancels every scoring of this kind under way; true when there was one. */
  cancel(job: ScoringJob): boolean {
    const matching = [...this.running.values()].filter((r) => r.job === job);
    for (const r of matching) r.abort.abort();
    return matching.length > 0;
  }

  private async compute(
    job: ScoringJob,
    model: LoadedModel,
    samples: number,
    parts: ScoringPart[],
    signal: AbortSignal,
  ): Promise<PredictiveSummary[]> {
    const total = parts.reduce((sum, p) => sum + p.images, 0);
    const emit = (fraction: number) =>
      this.ctx.events.emit('scoringProgress', { job, modelId: model.meta.id, fraction });
    const out: PredictiveSummary[] = [];
    let before = 0;
    emit(0);
    for (const part of parts) {
      const onProgress = (f: number) => emit(Math.min(1, (before + f * part.images) / total));
      out.push(await this.scorer.score(model.dir, part.inputs, samples, { onProgress, signal }));
      before += part.images;
    }
    return out;
  }
}

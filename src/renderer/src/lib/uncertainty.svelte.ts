// The uncertainty report of the active model for one score, and the slider's arithmetic over it.
// The report is fetched once per score; moving the threshold only runs binary searches here.
import type { ScoreName } from '../../../shared/api/check';
import { withArrays, type WithArrays } from '../../../shared/api/split-scores';
import type { ScoringJob, TrainScores, UncertaintyReport } from '../../../shared/api/uncertainty';
import { RiskCoverage, sortedCopy, countAtMost } from '../../../shared/uncertainty';
import { api } from './api';
import { base64ToBytes, blobToBase64, IMAGE_EXTENSIONS } from './files';

/** What a threshold does: MNIST digits rejected, accuracy on the kept, share of each OOD set caught. */
export interface ThresholdEffect {
  rejected: number;
  keptAccuracy: number;
  caught: { id: string; name: string; share: number }[];
}

/** The report with its MNIST test arrays decoded (they travel as base64). */
export type LoadedReport = Omit<UncertaintyReport, 'mnist'> & {
  mnist: WithArrays<UncertaintyReport['mnist']>;
};
/** The training digits' scores, decoded. */
export type LoadedTrain = WithArrays<TrainScores>;

/** Errors that are not failures: nothing scored yet (a restore), or the user cancelled. */
const quiet = (code: string): boolean => code === 'not_cached' || code === 'cancelled';

class UncertaintyStore {
  score = $state<ScoreName>('std');
  report = $state.raw<LoadedReport | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);
  threshold = $state(0);
  addNotice = $state<{ kind: 'ok' | 'error'; text: string } | null>(null);
  adding = $state(false);
  /** The user set being looked at: its images as the network sees them, in the report's order. */
  openedSet = $state.raw<{ id: string; name: string; files: string[]; pixels: Uint8Array } | null>(null);
  setError = $state<string | null>(null);
  /** The training digits' scores under the report's model, score and samples, once asked for. */
  train = $state.raw<LoadedTrain | null>(null);
  trainLoading = $state(false);
  trainError = $state<string | null>(null);
  /** The share done of each scoring under way (0–1), null when none runs. */
  progress = $state<Record<ScoringJob, number | null>>({ report: null, train: null });
  private subscribed = false;
  // Derived tables, rebuilt only when a new report arrives.
  riskCoverage = $state.raw<RiskCoverage | null>(null);
  private sortedSets: { id: string; name: string; sorted: Float64Array }[] = [];

  /** Fetches the report for a score (the model's calibrated one when none is given) and puts the slider at its threshold. */
  async load(score?: ScoreName, { ifCached = false } = {}): Promise<void> {
    this.subscribe();
    if (score) this.score = score;
    this.loading = true;
    this.error = null;
    const result = await api.getUncertaintyReport({ ...(score ? { score } : {}), ifCached });
    this.loading = false;
    this.progress.report = null;
    if (!result.ok) {
      if (!quiet(result.error.code)) this.error = result.error.message;
      return;
    }
    const report = { ...result.value, mnist: withArrays(result.value.mnist) };
    this.score = report.score;
    this.riskCoverage = new RiskCoverage(report.mnist.scores, report.mnist.correct);
    this.sortedSets = report.sets.map((set) => ({
      id: set.id,
      name: set.name,
      sorted: sortedCopy(set.scores),
    }));
    this.report = report;
    this.threshold = report.threshold;
  }

  /** Scores the 60,000 training digits like the report's test digits (same model, score and samples). */
  async loadTrain({ ifCached = false } = {}): Promise<void> {
    const report = this.report;
    if (!report) return;
    this.subscribe();
    this.trainLoading = true;
    this.trainError = null;
    const result = await api.getTrainScores({
      modelId: report.modelId,
      score: report.score,
      samples: report.samples,
      ifCached,
    });
    this.trainLoading = false;
    this.progress.train = null;
    if (!result.ok) {
      if (!quiet(result.error.code)) this.trainError = result.error.message;
    } else this.train = withArrays(result.value);
  }

  /** Shows at once whatever the Node side has already scored (after a page reload, say); scores nothing. */
  async restore(): Promise<void> {
    if (!this.report && !this.loading) await this.load(undefined, { ifCached: true });
    if (this.report && !this.trainFor(this.report) && !this.trainLoading)
      await this.loadTrain({ ifCached: true });
  }

  /** Stops a scoring under way; its request then ends as cancelled. */
  async cancel(job: ScoringJob): Promise<void> {
    await api.cancelScoring({ job });
  }

  private subscribe(): void {
    if (this.subscribed) return;
    this.subscribed = true;
    api.on('scoringProgress', ({ job, fraction }) => {
      const busy = job === 'report' ? this.loading : this.trainLoading;
      if (busy) this.progress[job] = fraction;
    });
  }

  /** The training scores if they match the current report, else null (asked again by the view). */
  trainFor(report: LoadedReport | null): LoadedTrain | null {
    const train = this.train;
    return train && report && train.modelId === report.modelId && train.score === report.score ? train : null;
  }

  /** The effect of a threshold, in O(log n) per set so the slider stays smooth. */
  effect(threshold: number): ThresholdEffect | null {
    const rc = this.riskCoverage;
    if (!rc) return null;
    const point = rc.at(threshold);
    return {
      rejected: point.rejectionRate,
      keptAccuracy: point.accuracy,
      caught: this.sortedSets.map(({ id, name, sorted }) => ({
        id,
        name,
        share: sorted.length === 0 ? 0 : 1 - countAtMost(sorted, threshold) / sorted.length,
      })),
    };
  }

  /** Loads the images of user set `id` to show which of them get through the threshold. */
  async openSet(id: string): Promise<void> {
    this.setError = null;
    const result = await api.getOodSetImages({ id });
    if (!result.ok) {
      this.setError = result.error.message;
      return;
    }
    const { name, files, pixelsBase64 } = result.value;
    this.openedSet = { id, name, files, pixels: base64ToBytes(pixelsBase64) };
  }

  /** Deletes user set `id` and reloads the report without it. */
  async deleteSet(id: string): Promise<boolean> {
    this.setError = null;
    const result = await api.deleteOodSet({ id });
    if (!result.ok) {
      this.setError = result.error.message;
      return false;
    }
    if (this.openedSet?.id === id) this.openedSet = null;
    await this.load(this.score);
    return true;
  }

  /** The user set already called `name` (case and spaces aside), if any. */
  userSetNamed(name: string): { id: string; name: string } | null {
    const wanted = name.trim().toLowerCase();
    return (
      this.report?.sets.find((set) => set.kind === 'user' && set.name.trim().toLowerCase() === wanted) ?? null
    );
  }

  /**
   * Sends a folder's images as a new OOD set, then reloads the report to include it. `replaces` is a
   * set the user agreed to replace: it goes only once the new one is in.
   */
  async addFolder(name: string, files: File[], replaces: string | null = null): Promise<void> {
    const images = files.filter((file) => IMAGE_EXTENSIONS.test(file.name)).slice(0, 2000);
    if (images.length === 0) {
      this.addNotice = {
        kind: 'error',
        text: 'That folder has no PNG, JPEG, WebP, GIF, BMP or TIFF images.',
      };
      return;
    }
    this.adding = true;
    this.addNotice = null;
    const payload = await Promise.all(
      images.map(async (file) => ({
        name: file.webkitRelativePath || file.name,
        dataBase64: await blobToBase64(file),
      })),
    );
    const result = await api.addOodSet({ name, files: payload });
    this.adding = false;
    if (!result.ok) {
      this.addNotice = { kind: 'error', text: `Could not add the set: ${result.error.message}` };
      return;
    }
    if (replaces) await api.deleteOodSet({ id: replaces });
    const { added, failures } = result.value;
    const skipped = failures.length > 0 ? `; ${failures.length} skipped (${failures[0]?.message ?? ''})` : '';
    // Said once the report shows the new set, so the table and the notice agree.
    await this.load();
    this.addNotice = { kind: 'ok', text: `Added “${name}” with ${added} images${skipped}.` };
  }
}

export const uncertaintyStore = new UncertaintyStore();

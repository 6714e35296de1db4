// Training runs as the renderer sees them: the presets, the run being watched and its metrics history,
// and the finished runs. One instance for the whole app, so a run stays visible across views.
import { appendRecord, foldProgress, type Preset, type RunSummary } from '../../../shared/api/train';
import type { MetricsRecord, TrainConfig, TrainConfigInput, TrainProgress } from '../../../shared/training';
import { api } from './api';
import { draftFrom, type TrainDraft } from './train-form';

/** What the view knows of one run: its latest progress and every metrics record seen so far. */
export interface RunView {
  progress: TrainProgress;
  history: MetricsRecord[];
}

const ACTIVE = new Set(['starting', 'running', 'paused', 'stopping']);

/** True while a run can still be paused, resumed or stopped. */
export function isActive(progress: TrainProgress): boolean {
  return ACTIVE.has(progress.status);
}

class TrainingStore {
  presets = $state<Preset[]>([]);
  presetsError = $state<string | null>(null);
  runs = $state<Record<string, RunView>>({});
  currentRunId = $state<string | null>(null);
  runsError = $state<string | null>(null);
  actionError = $state<string | null>(null);
  busy = $state(false);
  /** The Train form's settings, kept here so they survive switching views; null until a preset is chosen. */
  draft = $state<TrainDraft | null>(null);
  presetName = $state('');
  private subscribed = false;

  /** The run shown in the Train view. */
  get current(): RunView | null {
    return this.currentRunId ? (this.runs[this.currentRunId] ?? null) : null;
  }

  /** Runs that ended, newest first. */
  get finished(): TrainProgress[] {
    return Object.values(this.runs)
      .map((run) => run.progress)
      .filter((progress) => !isActive(progress))
      .reverse();
  }

  /** Subscribes to progress events once and loads presets and runs. */
  init(): void {
    if (!this.subscribed) {
      this.subscribed = true;
      api.on('trainingProgress', (progress) => this.receive(progress, true));
    }
    void this.loadPresets();
    void this.loadRuns();
  }

  /**
   * Folds one progress into its run, appending a metrics record when it is new. Events arrive in the
   * trainer's order and may rewind the history (a resumed run); replies to commands may be older than
   * the events already seen, so they only ever append.
   */
  receive(progress: TrainProgress, fromEvent = false): void {
    const run = this.runs[progress.runId] ?? { progress, history: [] };
    if (fromEvent) foldProgress(run.history, progress);
    else appendRecord(run.history, progress.metrics);
    run.progress = progress;
    this.runs[progress.runId] = run;
    if (!this.currentRunId && isActive(progress)) this.currentRunId = progress.runId;
  }

  async loadPresets(): Promise<void> {
    const result = await api.listPresets();
    if (result.ok) {
      this.presets = result.value;
      this.presetsError = null;
    } else this.presetsError = result.error.message;
  }

  async loadRuns(): Promise<void> {
    const result = await api.listRuns();
    if (!result.ok) {
      this.runsError = result.error.message;
      return;
    }
    this.runsError = null;
    for (const summary of result.value) this.seed(summary);
  }

  /** Takes a run's history from the Node side (after a reload or reconnect), keeping newer records already seen. */
  private seed({ history, config, ...progress }: RunSummary): void {
    const lastStep = history.at(-1)?.step ?? -1;
    const seen = this.runs[progress.runId]?.history.filter((record) => record.step > lastStep) ?? [];
    this.runs[progress.runId] = { progress, history: [...history, ...seen] };
    this.receive(progress);
    if (config && isActive(progress)) this.showSettings(config);
  }

  /** Puts a run's settings in the form (the form is locked while that run trains). */
  private showSettings(config: TrainConfig): void {
    this.draft = draftFrom(config);
    this.presetName = config.preset;
  }

  /** Starts a run with an already validated config (from model `startFrom`'s network, if given) and watches it. */
  async start(config: TrainConfigInput, startFrom?: string): Promise<boolean> {
    this.busy = true;
    this.actionError = null;
    const result = await (startFrom === undefined
      ? api.startTraining(config)
      : api.startTraining(config, { startFrom }));
    this.busy = false;
    if (!result.ok) {
      this.actionError = result.error.message;
      return false;
    }
    this.currentRunId = result.value.runId;
    return true;
  }

  /** Pause, resume or stop the current run. */
  async control(action: 'pause' | 'resume' | 'stop'): Promise<void> {
    const runId = this.currentRunId;
    if (!runId) return;
    this.busy = true;
    this.actionError = null;
    const call =
      action === 'pause' ? api.pauseTraining : action === 'resume' ? api.resumeTraining : api.stopTraining;
    const result = await call({ runId });
    this.busy = false;
    if (result.ok) this.receive(result.value);
    else this.actionError = result.error.message;
  }

  /** Shows an earlier run's curves. */
  select(runId: string): void {
    this.currentRunId = runId;
  }
}

export const trainingStore = new TrainingStore();

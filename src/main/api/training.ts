// Training runs for the UI: each run in its own trainer process, its progress forwarded as
// `trainingProgress` events and kept so a view opened later still sees it.
import path from 'node:path';
import { err, ok, type Result } from '../../shared/result';
import { foldProgress, type RunSummary } from '../../shared/api/train';
import type { MetricsRecord, TrainConfig, TrainProgress } from '../../shared/training';
import { listModels, modelDirFor, modelsDir } from '../engine/store';
import { modelDirById } from './models';
import { TrainerClient, type TrainerChannel } from '../engine/train/client';
import { PRESET_NAMES, PRESET_TEXT, presetConfig } from '../engine/train/presets';
import type { AppContext } from './context';
import type { Handlers } from './dispatch';

interface Run {
  client: TrainerClient;
  progress: TrainProgress;
  /** Every metrics record streamed so far (the newest RUN_HISTORY_LIMIT), so a reload redraws the curves. */
  history: MetricsRecord[];
  modelDir: string | null;
  finished: boolean;
  /** The settings it trains with, so a reloaded Train form can show them. */
  config: TrainConfig | null;
}

/** Starts trainer processes; Electron passes a utilityProcess-backed channel factory. */
export type SpawnTrainer = () => TrainerChannel;

export class TrainingManager {
  private readonly runs = new Map<string, Run>();
  private nextRun = 1;

  constructor(
    private readonly ctx: AppContext,
    private readonly spawn?: SpawnTrainer,
  ) {}

  /**
   * Starts a run, from scratch or from the network of model `startFrom` (the trainer checks that it
   * is the config's); resolves once the trainer has created its model folder.
   */
  async start(config: TrainConfig, startFrom?: string): Promise<Result<{ runId: string; modelId: string }>> {
    const active = [...this.runs.values()].find((r) => !r.finished);
    if (active) return err('busy', `run ${active.progress.runId} is still training; stop it first`);
    const from = startFrom === undefined ? undefined : await modelDirById(this.ctx, startFrom);
    if (from === null) return err('not_found', `no model with id ${startFrom}`);
    const runId = `run-${this.nextRun++}`;
    const run = this.track(runId, [], config);
    const outcome = run.client.start(config, modelsDir(this.ctx.dataRoot), {
      dataRoot: this.ctx.dataRoot,
      ...(from ? { startFrom: from } : {}),
    });
    return this.whenModelKnown(run, outcome);
  }

  /** Continues model `modelDir` (stopped, interrupted, failed on a full disk) in a new run. */
  async resumeModel(modelDir: string): Promise<Result<{ runId: string; modelId: string }>> {
    const active = [...this.runs.values()].find((r) => !r.finished);
    if (active) return err('busy', `run ${active.progress.runId} is still training; stop it first`);
    const runId = `run-${this.nextRun++}`;
    const run = this.track(runId, [], null);
    return this.whenModelKnown(run, run.client.resumeFrom(modelDir));
  }

  /** Resumes a paused run, or continues a stopped one from its checkpoint in a new process. */
  async resume(runId: string): Promise<Result<TrainProgress>> {
    const run = this.runs.get(runId);
    if (!run) return err('not_found', `no run ${runId}`);
    if (!run.finished) {
      run.client.resume();
      return ok(run.progress);
    }
    if (run.progress.status !== 'stopped' || !run.modelDir) {
      return err('not_resumable', `run ${runId} ended as ${run.progress.status} and cannot be resumed`);
    }
    const again = this.track(runId, run.history, run.config);
    const started = await this.whenModelKnown(again, again.client.resumeFrom(run.modelDir));
    return started.ok ? ok(again.progress) : started;
  }

  pause(runId: string): Result<TrainProgress> {
    return this.command(runId, (run) => run.client.pause());
  }

  stop(runId: string): Result<TrainProgress> {
    return this.command(runId, (run) => run.client.stop());
  }

  /** Every run of this session with its metrics history. */
  list(): RunSummary[] {
    return [...this.runs.values()].map((r) => ({ ...r.progress, config: r.config, history: [...r.history] }));
  }

  private command(runId: string, act: (run: Run) => void): Result<TrainProgress> {
    const run = this.runs.get(runId);
    if (!run) return err('not_found', `no run ${runId}`);
    if (run.finished) return err('finished', `run ${runId} has already ended`);
    act(run);
    return ok(run.progress);
  }

  private track(runId: string, history: MetricsRecord[], config: TrainConfig | null): Run {
    const client = new TrainerClient(this.spawn?.());
    const run: Run = {
      client,
      history,
      config,
      finished: false,
      modelDir: null,
      progress: {
        runId,
        status: 'starting',
        step: 0,
        totalSteps: 1,
        stepsPerSecond: 0,
        etaSeconds: null,
        backend: '',
        metrics: null,
        modelDir: null,
        error: null,
      },
    };
    this.runs.set(runId, run);
    client.on('progress', (progress) => {
      // The UI knows runs by the manager's id, whatever the trainer calls them.
      run.progress = { ...progress, runId, metrics: progress.metrics ?? run.progress.metrics };
      foldProgress(run.history, progress);
      run.modelDir = progress.modelDir ?? run.modelDir;
      this.ctx.events.emit('trainingProgress', run.progress);
    });
    client.on('outcome', (outcome) => {
      run.finished = true;
      const status = outcome.status === 'complete' ? 'done' : outcome.status;
      run.progress = { ...run.progress, status, step: outcome.step, error: outcome.error };
      this.ctx.events.emit('trainingProgress', run.progress);
      this.ctx.events.emit('modelsChanged', { reason: 'training' });
      client.kill();
    });
    client.on('exit', () => {
      if (run.finished) return;
      run.finished = true;
      const error = {
        code: 'trainer_died',
        message: 'the trainer process ended unexpectedly; the last checkpoint is kept',
      };
      run.progress = { ...run.progress, status: 'failed', error };
      this.ctx.events.emit('trainingProgress', run.progress);
    });
    return run;
  }

  private async whenModelKnown(
    run: Run,
    outcome: Promise<unknown>,
  ): Promise<Result<{ runId: string; modelId: string }>> {
    outcome.catch(() => undefined);
    const known = await new Promise<string | null>((resolve) => {
      const check = (progress: TrainProgress): void => {
        if (progress.modelDir) resolve(progress.modelDir);
      };
      run.client.on('progress', check);
      outcome.then(
        () => resolve(run.modelDir),
        () => resolve(null),
      );
    });
    if (!known)
      return err(
        run.progress.error?.code ?? 'train_failed',
        run.progress.error?.message ?? 'the trainer did not start',
      );
    return ok({ runId: run.progress.runId, modelId: path.basename(known) });
  }
}

/** Handlers of the training feature. */
export function trainingHandlers(
  ctx: AppContext,
  spawn?: SpawnTrainer,
): Pick<
  Handlers,
  | 'listPresets'
  | 'startTraining'
  | 'pauseTraining'
  | 'resumeTraining'
  | 'stopTraining'
  | 'listRuns'
  | 'resumeModel'
> {
  const manager = new TrainingManager(ctx, spawn);
  return {
    listPresets: () =>
      Promise.resolve(
        ok(
          PRESET_NAMES.map((name) => ({
            name,
            description: PRESET_TEXT[name] ?? name,
            config: presetConfig(name),
          })),
        ),
      ),
    startTraining: (config, from) => manager.start(config, from?.startFrom),
    pauseTraining: ({ runId }) => Promise.resolve(manager.pause(runId)),
    resumeTraining: ({ runId }) => manager.resume(runId),
    stopTraining: ({ runId }) => Promise.resolve(manager.stop(runId)),
    listRuns: () => Promise.resolve(ok(manager.list())),
    resumeModel: async ({ id }) => {
      const listing = await listModels(ctx.dataRoot);
      const model = listing.models.find((m) => m.id === id);
      if (!model) return err('not_found', `no model with id ${id}`);
      if (!model.resumable)
        return err('not_resumable', `model ${id} is ${model.status} and has no checkpoint to continue from`);
      return manager.resumeModel(modelDirFor(ctx.dataRoot, id));
    },
  };
}

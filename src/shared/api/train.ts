import { z } from 'zod';
import { ModelId } from '../model';
import { MetricsRecord, TrainConfig, TrainProgress } from '../training';

export const RunId = z.object({ runId: z.string().min(1).max(128) });

export const Preset = z.object({
  name: z.string(),
  description: z.string(),
  config: TrainConfig,
});
export type Preset = z.infer<typeof Preset>;

export const StartTrainingResult = z.object({ runId: z.string(), modelId: z.string() });

/** The finished model a new run starts from ("default": the built-in one). */
export const StartFrom = z.object({ startFrom: ModelId });
export type StartFrom = z.infer<typeof StartFrom>;

/**
 * Metrics records a run summary carries at most (the newest ones). A run logging every step could
 * otherwise hold millions; 2000 records keep a reload's payload near 1 MB and the charts readable.
 */
export const RUN_HISTORY_LIMIT = 2000;

/** A run as `listRuns` returns it: its latest progress, its settings and its metrics history, oldest first. */
export const RunSummary = TrainProgress.extend({
  /** The run's settings (null when the Node side no longer knows them). */
  config: TrainConfig.nullable(),
  history: z.array(MetricsRecord).max(RUN_HISTORY_LIMIT),
});
export type RunSummary = z.infer<typeof RunSummary>;

/** Appends `record` when it is newer than the history's last one, dropping the oldest beyond the limit. */
export function appendRecord(history: MetricsRecord[], record: MetricsRecord | null): void {
  if (!record || record.step <= (history.at(-1)?.step ?? -1)) return;
  history.push(record);
  if (history.length > RUN_HISTORY_LIMIT) history.splice(0, history.length - RUN_HISTORY_LIMIT);
}

/**
 * Folds a progress event of the trainer into a run's history. A resumed run restarts at its
 * checkpoint, so records past the event's step belong to the abandoned stretch and go, and a
 * metrics record past the step (the last one seen before the resume) is not taken again.
 */
export function foldProgress(history: MetricsRecord[], progress: TrainProgress): void {
  while ((history.at(-1)?.step ?? -1) > progress.step) history.pop();
  if (progress.metrics && progress.metrics.step <= progress.step) appendRecord(history, progress.metrics);
}

/** The id of the model a run writes: its folder's name (the trainer reports the folder's path). */
export function modelIdOfDir(modelDir: string): string {
  return (
    modelDir
      .split(/[\\/]/)
      .filter((part) => part.length > 0)
      .at(-1) ?? ''
  );
}

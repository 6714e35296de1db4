// Messages between a parent (CLI, serve, Electron main) and the trainer process. Transport-agnostic:
// node child_process IPC or Electron's utilityProcess carry the same JSON objects; both ends parse
// every message with these schemas.
import { z } from 'zod';
import { BackendChoice, MetricsRecord, TrainConfig, TrainProgress } from './training';
import { ModelStatus } from './model';

const ApiErrorSchema = z.object({ code: z.string(), message: z.string() });

/** Parent → trainer. */
export const TrainerCommand = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    config: TrainConfig.partial().strict(),
    modelsDir: z.string().min(1),
    /** The data root whose marked pictures a run with config.teach is taught. */
    dataRoot: z.string().min(1).optional(),
    name: z.string().min(1).max(200).optional(),
    backend: BackendChoice.optional(),
    /** A finished model's folder whose network the run starts from (a teach run continuing it). */
    startFrom: z.string().min(1).optional(),
  }),
  z.object({
    type: z.literal('resume-from'),
    modelDir: z.string().min(1),
    backend: BackendChoice.optional(),
  }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('stop') }),
]);
export type TrainerCommand = z.infer<typeof TrainerCommand>;

/** How a run ended. */
export const TrainOutcome = z.object({
  runId: z.string(),
  modelDir: z.string().nullable(),
  status: ModelStatus.extract(['complete', 'stopped', 'failed']),
  step: z.number().int().min(0),
  final: MetricsRecord.nullable(),
  error: ApiErrorSchema.nullable(),
});
export type TrainOutcome = z.infer<typeof TrainOutcome>;

/** Trainer → parent. */
export const TrainerEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), pid: z.number().int() }),
  z.object({ type: z.literal('progress'), progress: TrainProgress }),
  z.object({ type: z.literal('outcome'), outcome: TrainOutcome }),
  z.object({ type: z.literal('error'), error: ApiErrorSchema }),
]);
export type TrainerEvent = z.infer<typeof TrainerEvent>;

import { z } from 'zod';
import { MetricsRecord } from '../training';
import { MAX_POSTERIOR_BYTES } from './limits';
import { RUN_HISTORY_LIMIT } from './train';

export { ModelSummary } from '../model';

export const ModelId = z.object({ id: z.string().min(1).max(128) });
export const RenameModel = z.object({
  id: z.string().min(1).max(128),
  name: z.string().trim().min(1).max(80),
});
export const ExportModel = z.object({ id: z.string().min(1).max(128), mode: z.enum(['dialog', 'download']) });
export const ExportResult = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('dialog'), path: z.string().nullable() }),
  z.object({ mode: z.literal('download'), fileName: z.string(), dataBase64: z.string() }),
]);
export type ExportResult = z.infer<typeof ExportResult>;
export const ImportModel = z.object({
  fileName: z.string().min(1).max(512),
  /** The file's bytes: the WebSocket carries them as binary messages, Electron's IPC as they are. */
  data: z
    .instanceof(Uint8Array)
    .refine((bytes) => bytes.byteLength <= MAX_POSTERIOR_BYTES, `at most ${MAX_POSTERIOR_BYTES} bytes`),
});

/**
 * A stored model's training history, from its metrics.json (the newest RUN_HISTORY_LIMIT records,
 * oldest first), and the final metrics its model.json records.
 */
export const ModelHistory = z.object({
  records: z.array(MetricsRecord).max(RUN_HISTORY_LIMIT),
  final: MetricsRecord.nullable(),
});
export type ModelHistory = z.infer<typeof ModelHistory>;

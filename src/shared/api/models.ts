import { z } from 'zod';

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
  dataBase64: z.string().max(700 * 1024 * 1024),
});

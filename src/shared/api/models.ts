import { z } from 'zod';

/** One row of the Models view. */
export const ModelSummary = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  preset: z.string(),
  status: z.string(),
  steps: z.number().int(),
  testAccuracy: z.number().nullable(),
  oodAuroc: z.number().nullable(),
  active: z.boolean(),
  builtIn: z.boolean(),
});
export type ModelSummary = z.infer<typeof ModelSummary>;

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

import { z } from 'zod';

/** What the app runs on: shown in the status bar and checked by the end-to-end tests. */
export const SystemInfo = z.object({
  appVersion: z.string(),
  transport: z.enum(['electron', 'web']),
  backend: z.enum(['tensorflow', 'wasm', 'cpu']),
  backendReason: z.string(),
  tfjsVersion: z.string(),
  tensorflowVersion: z.string().nullable(),
  mnist: z.object({ found: z.boolean(), path: z.string().nullable(), message: z.string() }),
  platform: z.string(),
  dataRoot: z.string(),
});
export type SystemInfo = z.infer<typeof SystemInfo>;

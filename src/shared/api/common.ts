import { z } from 'zod';
import type { ApiError, Result } from '../result';

export const ApiErrorSchema = z.object({ code: z.string(), message: z.string() });

/** The runtime schema of `Result<T>` for a given value schema. */
export function resultSchema<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: ApiErrorSchema }),
  ]);
}

export type { ApiError, Result };

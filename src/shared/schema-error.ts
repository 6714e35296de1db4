import type { z } from 'zod';

/** One line naming the first problem a zod parse found, e.g. `config.beta: Too big: expected number to be <=1000`. */
export function describeSchemaError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid value';
  const where = issue.path.map(String).join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}

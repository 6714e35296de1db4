// One line of `unsure check --json`, the one definition of its fields: the CLI prints it and the Check
// view exports it (as JSON, or as CSV with the nested fields flattened to dotted columns).
import { z } from 'zod';
import { FileFailure, Verdict } from './api/check';

/** A verdict as `unsure check --json` prints it: no score name or picture, fields in this order. */
export const VerdictLine = Verdict.pick({
  file: true,
  ok: true,
  prediction: true,
  probabilities: true,
  std: true,
  scores: true,
  score: true,
  threshold: true,
  verdict: true,
  reason: true,
  outcome: true,
  outcomeReason: true,
  set: true,
  aleatoric: true,
  epistemic: true,
  votes: true,
  samples: true,
  coverage: true,
  coverageOptimistic: true,
  className: true,
  setNames: true,
});

export const CheckLine = z.discriminatedUnion('ok', [VerdictLine, FileFailure]);
export type CheckLine = z.infer<typeof CheckLine>;

/** The line of a verdict or a failure: exactly the fields above, in their order (extra fields dropped). */
export function toCheckLine(result: z.input<typeof CheckLine>): CheckLine {
  return CheckLine.parse(result);
}

type Cell = string | number | boolean;

/** A nested value as dotted columns: {scores: {std: 1}} → scores.std; arrays by index. */
function flatten(value: unknown, prefix: string, out: Map<string, Cell>): void {
  if (Array.isArray(value)) value.forEach((item, i) => flatten(item, `${prefix}.${i}`, out));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) flatten(item, prefix ? `${prefix}.${key}` : key, out);
  } else out.set(prefix, value as Cell);
}

/** A CSV field (RFC 4180); text a spreadsheet would run as a formula is prefixed with a quote. */
function csvField(cell: Cell | undefined): string {
  if (cell === undefined) return '';
  let text = String(cell);
  if (typeof cell === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Lines as CSV: one row each, verdict columns first, then the error's; a failure leaves verdict cells empty. */
export function checkLinesCsv(lines: readonly CheckLine[]): string {
  const rows = lines.map((line) => {
    const cells = new Map<string, Cell>();
    flatten(line, '', cells);
    return cells;
  });
  const ordered = [...rows.filter((_, i) => lines[i]!.ok), ...rows.filter((_, i) => !lines[i]!.ok)];
  const columns = [...new Set(ordered.flatMap((cells) => [...cells.keys()]))];
  const body = rows.map((cells) => columns.map((column) => csvField(cells.get(column))).join(','));
  return `${[columns.join(','), ...body].join('\r\n')}\r\n`;
}

/** Lines as a JSON array (the CLI prints the same objects one per line). */
export function checkLinesJson(lines: readonly CheckLine[]): string {
  return `${JSON.stringify(lines, null, 2)}\n`;
}

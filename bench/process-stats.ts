// Figures the responsiveness benchmarks print: resident memory from /proc, and quantiles.
import fs from 'node:fs';

/** The resident set of a process, in MB (0 once it is gone). */
export function rssMb(pid: number | 'self', field = 'VmRSS'): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Every descendant process id of this one. */
export function descendants(pid: number = process.pid): number[] {
  const out: number[] = [];
  for (const task of fs.readdirSync(`/proc/${pid}/task`, { withFileTypes: true })) {
    const text = fs.readFileSync(`/proc/${pid}/task/${task.name}/children`, 'utf8').trim();
    for (const child of text ? text.split(/\s+/).map(Number) : []) out.push(child, ...descendants(child));
  }
  return out;
}

/** The `q` quantile of ascending `sorted`. */
export const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

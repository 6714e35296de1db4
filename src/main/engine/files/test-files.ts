// Special files for tests: what a careless user or an attacker may leave in the data folder.
import { execFileSync } from 'node:child_process';

/** Makes a named pipe nobody writes to: a plain read of it would wait forever. */
export function makeFifo(file: string): string {
  execFileSync('mkfifo', [file]);
  return file;
}

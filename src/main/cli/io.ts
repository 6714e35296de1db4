// What the CLI touches of the outside world, injectable so tests run the real program in-process.
import { CodedError } from '../../shared/result';

export interface CliIo {
  /** Writes to standard output (text is written as given: include the newline). */
  stdout(text: string): void;
  stderr(text: string): void;
  /** The stream a progress bar draws on; only used when isTTY. */
  progressStream?: NodeJS.WritableStream;
  /** True when stdout is a terminal: progress bars instead of log lines. */
  isTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Fires on Ctrl+C so a training run can stop cleanly and keep its checkpoint. */
  onInterrupt?(handler: () => void): () => void;
}

/** Exit codes: 0 done, 1 the work failed (bad model, failed training), 2 the command line was wrong,
 * 130 training stopped by Ctrl+C (its model and checkpoint are kept). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/** A wrong flag or value: reported in one line with exit code 2. */
export class UsageError extends CodedError {
  constructor(message: string) {
    super('usage', message);
    this.name = 'UsageError';
  }
}

/** The CLI's io bound to this process. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    progressStream: process.stderr,
    isTTY: Boolean(process.stdout.isTTY && process.stderr.isTTY),
    env: process.env,
    cwd: process.cwd(),
    // SIGTERM (kill, a logout) stops a run the same way as Ctrl+C: with a final checkpoint.
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
  };
}

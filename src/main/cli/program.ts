// The `unsure` command line: commander wiring, one-line errors, and exit codes. buildProgram takes
// its io and engine services as arguments, so tests drive the real program in-process.
import { Command, CommanderError } from 'commander';
import { toApiError } from '../../shared/result';
import { createContext } from './context';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type CliIo } from './io';
import type { CliServices } from './services';
import { terminalSafeIo } from './terminal-text';
import { addTrainCommand } from './commands/train';
import { addAnalyseCommands } from './commands/analyse';
import { addReadCommand } from './commands/read';
import { addManageCommands } from './commands/manage';
import { addCalibrateCommand } from './commands/calibrate';
import { addCompareCommand } from './commands/compare';
import { addTeachCommands } from './commands/teach';
import { addDataCommands } from './commands/data';

/** Commander's messages can span lines ("Did you mean …?"); the CLI promises one line. */
function oneLine(text: string): string {
  return text
    .replace(/^error: /, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/** Builds the commander program; `setExitCode` receives the code a command wants to end with. */
export function buildProgram(io: CliIo, services: CliServices, setExitCode: (code: number) => void): Command {
  const program = new Command('unsure')
    .description('Train Bayesian neural networks on MNIST that can answer "I\'m not sure".')
    .version(services.appVersion, '-v, --version')
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(`unsure: ${oneLine(text)}\n`),
    });
  const ctx = createContext(io, services, setExitCode);
  addTrainCommand(program, ctx);
  addAnalyseCommands(program, ctx);
  addReadCommand(program, ctx);
  addManageCommands(program, ctx);
  addCalibrateCommand(program, ctx);
  addCompareCommand(program, ctx);
  addTeachCommands(program, ctx);
  addDataCommands(program, ctx);
  return program;
}

/** Runs the CLI on `argv` (without node and script) and resolves to its exit code; never throws. */
export async function runCli(argv: readonly string[], rawIo: CliIo, services: CliServices): Promise<number> {
  const io = terminalSafeIo(rawIo);
  let exitCode = EXIT_OK;
  try {
    const program = buildProgram(io, services, (code) => (exitCode = code));
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // Commander already printed its one-line message (or the help / version) through configureOutput.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (error instanceof UsageError) {
      io.stderr(`unsure: ${oneLine(error.message)}\n`);
      return EXIT_USAGE;
    }
    const apiError = toApiError(error);
    io.stderr(`unsure: ${oneLine(apiError.message)}\n`);
    return EXIT_FAILURE;
  }
}

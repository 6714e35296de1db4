// Entry of the `unsure` command line (bundled to out/main/cli.js, started by bin/unsure.cjs).
import { processIo } from './cli/io';
import { runCli } from './cli/program';
import { engineServices } from './cli/wiring';

/** Runs the CLI on this process's arguments and exits with its code. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const code = await runCli(argv, processIo(), engineServices());
  // Let stdout drain before exiting (pipes are asynchronous).
  process.stdout.write('', () => process.exit(code));
}

main().catch((error: unknown) => {
  process.stderr.write(`unsure: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

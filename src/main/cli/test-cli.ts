// Runs the CLI in-process for tests, capturing what it prints.
import type { CliIo } from './io';
import { runCli } from './program';
import type { CliServices } from './services';

/** The exit code and everything printed by `unsure argv…` with these services, environment and cwd. */
export async function runCliCapturing(
  argv: readonly string[],
  services: CliServices,
  where: Pick<CliIo, 'env' | 'cwd'>,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), isTTY: false, ...where };
  const code = await runCli(argv, io, services);
  return { code, out, err };
}

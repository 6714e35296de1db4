// `unsure read`: the number written on each image, digit by digit.
import type { Command } from 'commander';
import { toReadLine } from '../../../shared/api/read';
import type { CliContext } from '../context';
import type { ReadLine } from '../services';
import { verdictRun, withVerdictOptions, type VerdictFlags } from './analyse';

function readText(line: ReadLine): string {
  if (!line.ok) return `${line.file}: error ${line.error.code}: ${line.error.message}`;
  if (line.digits.length === 0) return `${line.file}: not a number: nothing written found`;
  const digits = line.digits
    .map((d) => (d.verdict === 'accept' ? `${d.prediction}` : `? (best guess ${d.prediction})`))
    .join(', ');
  return `${line.file}: ${line.text} (${line.digits.length} digit${line.digits.length > 1 ? 's' : ''}: ${digits})`;
}

export function addReadCommand(program: Command, ctx: CliContext): void {
  withVerdictOptions(
    program
      .command('read')
      .description('read the number written on each image, digit by digit ("?" where not sure)'),
    'digit',
  ).action(async (files: string[], flags: VerdictFlags) => {
    const { model, options, paths, asTyped } = await verdictRun(ctx, files, flags);
    await ctx.services.read(model, paths, {
      ...options,
      onResult: (result) => {
        const line = { ...result, file: asTyped(result.file) };
        ctx.io.stdout(flags.json ? `${JSON.stringify(toReadLine(line))}\n` : `${readText(line)}\n`);
      },
    });
  });
}

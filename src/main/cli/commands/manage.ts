// `unsure export`, `unsure import`, `unsure models`, `unsure activate`: the model store from a terminal.
import path from 'node:path';
import type { Command } from 'commander';
import { CodedError } from '../../../shared/result';
import { exportModel, importModelFile } from '../../engine/export';
import { listModels, setActive } from '../../engine/store';
import { modelKind, networkLayers } from '../../../shared/model-kind';
import { assertFiniteAnswers } from '../../engine/uncertainty/finite-answers';
import { resolveModel, type CliContext } from '../context';
import { EXIT_FAILURE } from '../io';

export function addManageCommands(program: Command, ctx: CliContext): void {
  program
    .command('export')
    .description('write a model to one safetensors file (docs/posterior-format.md)')
    .requiredOption('--model <dir>', 'model folder or id')
    .requiredOption('--out <file>', 'file to write')
    .action(async (flags: { model: string; out: string }) => {
      const model = await resolveModel(ctx, flags.model);
      const result = await exportModel(
        model.dir,
        path.resolve(ctx.io.cwd, flags.out),
        ctx.services.appVersion,
      );
      if (!result.ok) throw new CodedError(result.error.code, result.error.message);
      ctx.io.stdout(`exported ${model.meta.id} to ${result.value.file} (${result.value.bytes} bytes)\n`);
    });

  program
    .command('import')
    .description('add a posterior file to your models (validated first; nothing is written if it is bad)')
    .argument('<file>', 'a file written by unsure export')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, flags: { json?: boolean }) => {
      const result = await importModelFile(ctx.root, path.resolve(ctx.io.cwd, file));
      if (!result.ok) {
        ctx.io.stderr(`unsure: ${result.error.message}\n`);
        if (flags.json) ctx.io.stdout(`${JSON.stringify({ ok: false, error: result.error })}\n`);
        ctx.setExitCode(EXIT_FAILURE);
        return;
      }
      const { id, dir } = result.value;
      ctx.io.stdout(
        flags.json
          ? `${JSON.stringify({ ok: true, id, model: dir })}\n`
          : `imported as ${id}\nmodel: ${dir}\n`,
      );
    });

  program
    .command('models')
    .description('list your models and the built-in default (* marks the active one)')
    .option('--json', 'print the list as JSON')
    .action(async (flags: { json?: boolean }) => {
      const listing = await listModels(ctx.root, { defaultDir: ctx.defaultDir });
      if (flags.json) {
        ctx.io.stdout(`${JSON.stringify(listing)}\n`);
        return;
      }
      for (const m of listing.models) {
        const acc = m.testAccuracy === null ? '   -  ' : m.testAccuracy.toFixed(4);
        const where = m.builtIn ? ' (built-in)' : '';
        const kind = `${modelKind(m)}, ${networkLayers(m)}`;
        ctx.io.stdout(
          `${m.active ? '*' : ' '} ${m.id}  ${m.status.padEnd(11)} ${acc}  ${m.name}${where}  (${kind})\n`,
        );
      }
      for (const b of listing.broken) ctx.io.stderr(`unsure: skipped ${b.dir}: ${b.reason}\n`);
    });

  program
    .command('activate')
    .description('make a model the one `check` uses by default ("default" for the built-in one)')
    .argument('<id>', 'model id, or "default"')
    .action(async (id: string) => {
      await setActive(ctx.root, id === 'default' ? null : id, { check: assertFiniteAnswers });
      ctx.io.stdout(id === 'default' ? 'the built-in default model is active\n' : `${id} is active\n`);
    });
}

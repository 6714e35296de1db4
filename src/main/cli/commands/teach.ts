// `unsure mark`, `unsure marked`: the teach loop's marked pictures from a terminal (engine/teach).
import path from 'node:path';
import type { Command } from 'commander';
import { markedLabelText, type MarkedLabel } from '../../../shared/api/teach';
import { toApiError } from '../../../shared/result';
import { readChecked } from '../../engine/files/safe-read';
import { deleteMarked, listMarked, markPicture } from '../../engine/teach/store';
import type { CliContext } from '../context';
import { EXIT_FAILURE, UsageError } from '../io';

/** Parses --label: a digit 0–9, or "none" for "not a digit". */
export function parseMarkLabel(text: string): MarkedLabel {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === 'none') return null;
  if (/^[0-9]$/.test(trimmed)) return Number(trimmed);
  throw new UsageError(`--label expects a digit 0–9 or "none" (not a digit), got "${text}"`);
}

export function addTeachCommands(program: Command, ctx: CliContext): void {
  program
    .command('mark')
    .description('keep pictures, with what they are, to teach the next model (unsure train --teach)')
    .requiredOption('--label <digit|none>', 'the digit the pictures show, or "none": not a digit')
    .argument('<files...>', 'picture files')
    .option('--json', 'one JSON line per file')
    .action(async (files: string[], flags: { label: string; json?: boolean }) => {
      const label = parseMarkLabel(flags.label);
      for (const file of files) {
        const result = await markOne(ctx, file, label);
        if (flags.json) ctx.io.stdout(`${JSON.stringify({ file, ...result })}\n`);
        if (result.ok) {
          if (!flags.json) ctx.io.stdout(`${file}: marked as ${markedLabelText(label)} (${result.id})\n`);
        } else {
          ctx.io.stderr(`unsure: ${file}: ${result.error.message}\n`);
          ctx.setExitCode(EXIT_FAILURE);
        }
      }
    });

  program
    .command('marked')
    .description('list your marked pictures, or `marked delete ID` to remove one')
    .argument('[action]', '"delete" to remove the picture ID')
    .argument('[id]', 'the marked picture to delete')
    .option('--json', 'print the list as JSON')
    .action(async (action: string | undefined, id: string | undefined, flags: { json?: boolean }) => {
      if (action !== undefined) return deleteOne(ctx, action, id);
      const { entries, skipped } = await listMarked(ctx.root);
      for (const s of skipped) ctx.io.stderr(`unsure: skipped marked picture ${s.id}: ${s.message}\n`);
      if (flags.json) {
        const list = entries.map(({ id: entryId, label, name, createdAt }) => ({
          id: entryId,
          label,
          name,
          createdAt,
        }));
        ctx.io.stdout(`${JSON.stringify({ entries: list, skipped })}\n`);
        return;
      }
      if (entries.length === 0) ctx.io.stdout('no marked pictures\n');
      for (const e of entries) {
        ctx.io.stdout(`${e.id}  ${markedLabelText(e.label).padEnd(11)}  ${e.createdAt}  ${e.name}\n`);
      }
    });
}

async function markOne(
  ctx: CliContext,
  file: string,
  label: MarkedLabel,
): Promise<{ ok: true; id: string } | { ok: false; error: { code: string; message: string } }> {
  try {
    const bytes = await readChecked(path.resolve(ctx.io.cwd, file), 'image', { followLinks: true });
    const marked = await markPicture(ctx.root, { name: path.basename(file), bytes, label });
    return marked.ok ? { ok: true, id: marked.value.id } : marked;
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
}

async function deleteOne(ctx: CliContext, action: string, id: string | undefined): Promise<void> {
  if (action !== 'delete' || id === undefined) {
    throw new UsageError(`unknown "marked ${action}": use "unsure marked delete ID"`);
  }
  const result = await deleteMarked(ctx.root, id);
  if (!result.ok) {
    ctx.io.stderr(`unsure: ${result.error.message}\n`);
    ctx.setExitCode(EXIT_FAILURE);
    return;
  }
  ctx.io.stdout(`deleted ${id}\n`);
}

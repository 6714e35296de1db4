// `unsure data import | list | show | delete`: the datasets of the data folder from a terminal.
// A refused name, path or source is wrong input (exit 2, one line); Ctrl+C cancels an import and
// leaves nothing behind (exit 130).
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { Preparation, type DatasetManifest } from '../../../shared/datasets';
import { CodedError } from '../../../shared/result';
import { importDataset, type ImportProgress, type ImportResult } from '../../engine/datasets/import';
import { deleteDataset, listDatasets, showDataset } from '../../engine/datasets/store';
import type { CliContext } from '../context';
import { EXIT_INTERRUPTED, UsageError, type CliIo } from '../io';

/** Dataset errors that mean the command line named something wrong (exit 2). */
const USAGE_CODES = new Set([
  'invalid_name',
  'dataset_exists',
  'dataset_builtin',
  'not_found',
  'import_invalid',
]);

/** Runs `work`, turning the dataset errors that are wrong input into UsageErrors. */
async function asUsage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof CodedError && USAGE_CODES.has(error.code)) throw new UsageError(error.message);
    throw error;
  }
}

function parseClasses(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : text.split(',').map((name) => name.trim());
}

function parsePreparation(text: string | undefined): Preparation | undefined {
  if (text === undefined) return undefined;
  const parsed = Preparation.safeParse(text);
  if (!parsed.success) throw new UsageError(`--preparation must be ink or fit, got "${text}"`);
  return parsed.data;
}

function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text.trim())) throw new UsageError(`--seed expects a whole number, got "${text}"`);
  return Number(text);
}

/** A progress bar on a terminal (scanning, then importing); nothing when piped. */
function progressBar(io: CliIo): { update(p: ImportProgress): void; stop(): void } {
  if (!io.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    {
      stream: io.progressStream,
      format: '{phase} |{bar}| {percentage}% | {value}/{total} images | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let phase: string | null = null;
  return {
    update(p) {
      if (p.phase !== phase) {
        if (phase !== null) bar.stop();
        phase = p.phase;
        bar.start(p.total, 0, { phase: p.phase.padEnd(9) });
      }
      bar.update(p.done);
    },
    stop: () => bar.stop(),
  };
}

function shapeText(m: DatasetManifest): string {
  return `${m.shape.width}×${m.shape.height} ${m.shape.channels === 1 ? 'grey' : 'RGB'}`;
}

function summary(m: DatasetManifest): string {
  const classes = `${m.classNames.length} classes`;
  return `${classes}, ${shapeText(m)}, train ${m.splits.train}, test ${m.splits.test}`;
}

/** What an import prints: the summary, its notes, and each skipped file on stderr. */
function reportImport(ctx: CliContext, result: ImportResult, json: boolean): void {
  const { manifest, skipped } = result;
  if (json) {
    ctx.io.stdout(`${JSON.stringify({ ok: true, manifest, skipped })}\n`);
    return;
  }
  ctx.io.stdout(`imported ${manifest.name}: ${summary(manifest)}\n`);
  for (const note of manifest.notes) ctx.io.stdout(`note: ${note}\n`);
  for (const s of skipped) ctx.io.stderr(`unsure: skipped ${s.file}: ${s.reason}\n`);
}

function addImport(data: Command, ctx: CliContext): void {
  data
    .command('import')
    .description(
      'import a folder of IDX files (train/t10k, gzipped or not) or of one subfolder of images per class',
    )
    .argument('<path>', 'the folder to import')
    .requiredOption('--name <name>', 'the new dataset\'s name (lowercase letters, digits, "-" and "_")')
    .option(
      '--classes <names>',
      'class names in label order, comma-separated (IDX default: classes.txt, else 0, 1, …)',
    )
    .option(
      '--preparation <kind>',
      'how your pictures are prepared: ink (written characters) or fit (photos)',
    )
    .option('--seed <n>', 'seed of the 85/15 split of a folder set (default 1)')
    .option('--json', 'print the manifest and the skipped files as JSON')
    .action(async (source: string, flags: Record<string, string | boolean | undefined>) => {
      const text = (key: string) => (typeof flags[key] === 'string' ? flags[key] : undefined);
      const options = {
        name: String(flags.name),
        source: path.resolve(ctx.io.cwd, source),
        classes: parseClasses(text('classes')),
        preparation: parsePreparation(text('preparation')),
        seed: parseSeed(text('seed')),
      };
      const bar = progressBar(ctx.io);
      const abort = new AbortController();
      const release = ctx.io.onInterrupt?.(() => abort.abort());
      try {
        const result = await asUsage(() =>
          importDataset(ctx.root, { ...options, signal: abort.signal, onProgress: (p) => bar.update(p) }),
        );
        bar.stop();
        reportImport(ctx, result, flags.json === true);
      } catch (error) {
        bar.stop();
        if (!(error instanceof CodedError && error.code === 'cancelled')) throw error;
        ctx.io.stderr(`unsure: ${error.message}\n`);
        ctx.setExitCode(EXIT_INTERRUPTED);
      } finally {
        release?.();
      }
    });
}

function addList(data: Command, ctx: CliContext): void {
  data
    .command('list')
    .description('list the datasets: the built-in MNIST and those you imported')
    .option('--json', 'print the list as JSON')
    .action(async (flags: { json?: boolean }) => {
      const listing = await listDatasets(ctx.root);
      if (flags.json) {
        ctx.io.stdout(`${JSON.stringify(listing)}\n`);
        return;
      }
      for (const m of listing.datasets) {
        const where = m.source.kind === 'builtin' ? ' (built-in)' : '';
        ctx.io.stdout(`${m.name.padEnd(20)} ${summary(m)}${where}\n`);
      }
      for (const b of listing.broken) ctx.io.stderr(`unsure: skipped ${b.name}: ${b.reason}\n`);
    });
}

function addShow(data: Command, ctx: CliContext): void {
  data
    .command('show')
    .description("a dataset's manifest and its examples per class")
    .argument('<name>', 'the dataset')
    .option('--json', 'print it as JSON')
    .action(async (name: string, flags: { json?: boolean }) => {
      const details = await asUsage(() => showDataset(ctx.root, name));
      if (flags.json) {
        ctx.io.stdout(`${JSON.stringify(details)}\n`);
        return;
      }
      const m = details.manifest;
      const split = m.splitOrigin === 'given' ? 'as given' : `seeded 85/15 (seed ${m.splitSeed ?? 1})`;
      const lines = [
        `${m.name}: ${summary(m)}`,
        `source: ${m.source.kind} ${m.source.path}`,
        `split: ${split}; preparation: ${m.preparation}; created ${m.createdAt}`,
        ...m.notes.map((note) => `note: ${note}`),
        `${'class'.padEnd(24)} ${'train'.padStart(7)} ${'test'.padStart(7)}`,
        ...m.classNames.map(
          (c, i) =>
            `${c.padEnd(24)} ${String(details.classCounts.train[i]).padStart(7)} ${String(details.classCounts.test[i]).padStart(7)}`,
        ),
      ];
      ctx.io.stdout(`${lines.join('\n')}\n`);
    });
}

export function addDataCommands(program: Command, ctx: CliContext): void {
  const data = program.command('data').description('datasets: import, list, show, delete');
  addImport(data, ctx);
  addList(data, ctx);
  addShow(data, ctx);
  data
    .command('delete')
    .description('delete an imported dataset (the built-in MNIST stays)')
    .argument('<name>', 'the dataset')
    .action(async (name: string) => {
      await asUsage(() => deleteDataset(ctx.root, name));
      ctx.io.stdout(`deleted ${name}\n`);
    });
}

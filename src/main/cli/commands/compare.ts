// `unsure compare MODEL…`: models side by side on the test digits and the OOD sets, as a table or JSON.
import path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_COMPARE_SAMPLES, type ModelComparison } from '../../../shared/api/compare';
import { BackendChoice } from '../../../shared/training';
import { SCORE_NAMES } from '../../../shared/uncertainty/scores';
import { parseSamples, resolveModel, type CliContext } from '../context';
import { UsageError } from '../io';
import { resolveResourcesDir } from '../../engine/store';

const fixed = (digits: number) => (v: number | null) => (v === null ? '—' : v.toFixed(digits));
const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** The comparison as a table: one row per figure, one column per model. */
export function compareText(c: ModelComparison): string {
  const rows: string[][] = [];
  const row = (label: string, cells: string[]) => rows.push([label, ...cells]);
  const each = <T>(pick: (m: ModelComparison['models'][number]) => T) => c.models.map(pick);
  row(
    'model',
    each((m) => m.id),
  );
  row(
    'family / network',
    each((m) => `${m.family}/${m.arch}${m.members > 1 ? ` ×${m.members}` : ''}`),
  );
  row(
    'test accuracy',
    each((m) => fixed(4)(m.test.accuracy)),
  );
  row(
    'NLL (nats)',
    each((m) => fixed(4)(m.test.nll)),
  );
  row(
    `ECE (${c.eceBins} bins)`,
    each((m) => fixed(4)(m.test.ece)),
  );
  row(
    'training time (s)',
    each((m) => fixed(1)(m.trainingSeconds)),
  );
  row(
    `verdict latency (ms, median)`,
    each((m) => fixed(1)(m.verdictMs)),
  );
  c.sets.forEach((set, i) => {
    row(
      `${set.name} (${set.count} images${set.labelled ? ', labelled digits' : ''})`,
      each(() => ''),
    );
    if (set.labelled)
      row(
        '  read right',
        each((m) => percent(m.sets[i]!.accuracy)),
      );
    for (const score of SCORE_NAMES) {
      const of = (m: ModelComparison['models'][number]) => m.sets[i]!.scores[score];
      row(
        `  ${score} AUROC`,
        each((m) => fixed(4)(of(m).auroc)),
      );
      row(
        `  ${score} FPR95`,
        each((m) => fixed(4)(of(m).fpr95)),
      );
      row(
        `  ${score} refused`,
        each((m) => percent(of(m).refused)),
      );
    }
  });
  const widths = rows[0]!.map((_, k) => Math.max(...rows.map((r) => r[k]!.length)));
  const line = (r: string[]) =>
    r.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!)));
  const footer = `${c.samples} samples per image; refused = share above the model's calibrated threshold; verdicts timed at ${c.verdictSamples} samples`;
  return `${rows.map((r) => line(r).join('  ').trimEnd()).join('\n')}\n${footer}\n`;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function addCompareCommand(program: Command, ctx: CliContext): void {
  program
    .command('compare')
    .description('models side by side: accuracy, NLL, ECE, OOD metrics per score, timings, histograms')
    .argument('<models...>', 'model folders or ids')
    .option('--samples <S>', 'posterior samples per image', String(DEFAULT_COMPARE_SAMPLES))
    .option('--ood-dir <dir>', 'a folder of your own non-digit pictures (repeatable)', collect, [])
    .option('--backend <name>', 'auto|tensorflow|wasm|cpu', 'auto')
    .option('--json', 'print one JSON object (ModelComparison)')
    .action(
      async (
        args: string[],
        flags: { samples: string; oodDir: string[]; backend: string; json?: boolean },
      ) => {
        const samples = parseSamples(flags.samples, DEFAULT_COMPARE_SAMPLES);
        const backend = BackendChoice.safeParse(flags.backend);
        if (!backend.success)
          throw new UsageError(`--backend must be one of ${BackendChoice.options.join(', ')}`);
        const models = [];
        for (const arg of args) models.push(await resolveModel(ctx, arg));
        const oodDirs = flags.oodDir.map((d) => path.resolve(ctx.io.cwd, d));
        const resourcesDir = resolveResourcesDir({ env: ctx.io.env });
        const options = { samples, oodDirs, backend: backend.data, resourcesDir, dataRoot: ctx.root };
        const comparison = await ctx.services.compare(models, options);
        ctx.io.stdout(flags.json ? `${JSON.stringify(comparison)}\n` : compareText(comparison));
      },
    );
}

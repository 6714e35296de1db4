// `unsure check` (verdicts on image files) and `unsure eval` (test-set and OOD metrics).
import path from 'node:path';
import type { Command } from 'commander';
import { BackendChoice } from '../../../shared/training';
import { CodedError } from '../../../shared/result';
import { calibrationThreshold } from '../../../shared/model';
import { toCheckLine } from '../../../shared/check-line';
import { outcomeHeadline, partsText, reasonText, votesText, type ClassNames } from '../../../shared/outcomes';
import { modelDataset } from '../../../shared/model';
import { defaultScore } from '../../../shared/score-guide';
import { parseSamples, parseScore, resolveModel, type CliContext } from '../context';
import { UsageError } from '../io';
import type { CheckLine, EvalReport } from '../services';
import {
  addGuaranteeOptions,
  guaranteeLines,
  parseGuaranteeFlags,
  type GuaranteeFlags,
} from '../guarantee-options';

function parseBackend(text: string): BackendChoice {
  const parsed = BackendChoice.safeParse(text);
  if (!parsed.success) throw new UsageError(`--backend must be one of ${BackendChoice.options.join(', ')}`);
  return parsed.data;
}

/** A verdict in words; `names` are the model's classes (its dataset's). */
function verdictText(line: CheckLine, names: ClassNames): string {
  if (!line.ok) return `${line.file}: error ${line.error.code}: ${line.error.message}`;
  if (line.reason === 'several_digits')
    return `${line.file}: several digits: this is a number, not one digit; read it with \`unsure read ${line.file}\``;
  const head = `${line.file}: ${outcomeHeadline(line.outcome, line.set, names)} (${reasonText(line.outcomeReason, line.coverage, names)})`;
  if (line.reason === 'nothing_written') return head;
  const optimistic = line.coverageOptimistic
    ? '; coverage optimistic: the model trained on the calibration digits'
    : '';
  return `${head}; ${votesText(line.votes, line.samples, 3, names)}; ${partsText(line.aleatoric, line.epistemic, names)}${optimistic}`;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function evalText(report: EvalReport, modelId: string): string {
  const lines = [
    `model ${modelId}: test accuracy ${report.test.accuracy.toFixed(4)} on ${report.test.count} digits (${report.samples} samples, ${report.backend})`,
  ];
  if (report.test.nll !== undefined) lines.push(`negative log-likelihood ${report.test.nll.toFixed(4)} nats`);
  if (report.test.ece !== undefined)
    lines.push(`expected calibration error ${report.test.ece.toFixed(4)} (15 equal-width bins)`);
  if (report.guarantee) lines.push(...guaranteeLines(report.guarantee));
  const t = report.threshold;
  if (t) {
    lines.push(
      `threshold ${t.score} ${t.value.toFixed(4)}: rejects ${(t.rejectionRate * 100).toFixed(2)}% of test digits, accuracy on the rest ${t.keptAccuracy.toFixed(4)}`,
    );
  }
  for (const set of report.ood) {
    const best = Object.entries(set.metrics).sort((a, b) => b[1].auroc - a[1].auroc)[0];
    const detail = Object.entries(set.metrics)
      .map(
        ([score, m]) =>
          `${score} AUROC ${m.auroc.toFixed(4)} AUPR ${m.aupr.toFixed(4)} FPR95 ${m.fpr95.toFixed(4)}`,
      )
      .join('; ');
    lines.push(
      `OOD ${set.dir} (${set.count} images${set.skipped ? `, ${set.skipped} skipped` : ''}): ${detail}`,
    );
    if (best) lines.push(`  best score: ${best[0]}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The flags `check` and `read` share. */
export type VerdictFlags = {
  model?: string;
  samples: string;
  score?: string;
  backend: string;
  json?: boolean;
};

/** Adds the options of a command that judges image files (`check`, `read`). */
export function withVerdictOptions(command: Command, perWhat: string): Command {
  return command
    .argument('<files...>', 'image files (PNG, JPEG, WebP, GIF, BMP, TIFF)')
    .option('--model <dir>', 'model folder or id (default: the active model, else the built-in one)')
    .option('--samples <S>', `posterior samples per ${perWhat}`, '100')
    .option(
      '--score <name>',
      'std|entropy|mi|maxprob (default: the model calibration score, unless it separates poorly)',
    )
    .option('--backend <name>', 'auto|tensorflow|wasm|cpu', 'auto')
    .option('--json', 'one JSON object per file');
}

/**
 * The model and options a judging command runs with, the absolute paths the engine gets, and each
 * path back as the user typed it (for the report). With a guarantee (`check`), the fitted threshold
 * is reported on stderr and judged by.
 */
export async function verdictRun(ctx: CliContext, files: string[], flags: VerdictFlags & GuaranteeFlags) {
  const samples = parseSamples(flags.samples, 100);
  const backend = parseBackend(flags.backend);
  const target = parseGuaranteeFlags(flags);
  const model = await resolveModel(ctx, flags.model);
  const score = parseScore(flags.score, defaultScore(model.meta.calibration));
  const fitted =
    target &&
    (await ctx.services.fitGuarantee(model, target, { samples, score, backend, dataRoot: ctx.root }));
  if (fitted) ctx.io.stderr(`${guaranteeLines(fitted).join('\n')}\n`);
  if (!fitted && calibrationThreshold(model.meta.calibration, score) === null) {
    throw new CodedError(
      'model_uncalibrated',
      `model ${model.meta.id} has no calibrated threshold for the ${score} score`,
    );
  }
  const typed = new Map(files.map((f) => [path.resolve(ctx.io.cwd, f), f]));
  return {
    model,
    options: { samples, score, backend, ...(fitted ? { threshold: fitted.threshold } : {}) },
    paths: files.map((f) => path.resolve(ctx.io.cwd, f)),
    asTyped: (file: string) => typed.get(file) ?? file,
  };
}

export function addAnalyseCommands(program: Command, ctx: CliContext): void {
  const check = withVerdictOptions(
    program.command('check').description('say what digit each image shows, or "I\'m not sure"'),
    'image',
  );
  addGuaranteeOptions(check).action(async (files: string[], flags: VerdictFlags & GuaranteeFlags) => {
    // Report each file as the user typed it, while the engine gets absolute paths.
    const { model, options, paths, asTyped } = await verdictRun(ctx, files, flags);
    const names = modelDataset(model.meta).classNames;
    await ctx.services.check(model, paths, {
      ...options,
      onResult: (result) => {
        const line = { ...result, file: asTyped(result.file) };
        ctx.io.stdout(
          flags.json ? `${JSON.stringify(toCheckLine(line))}\n` : `${verdictText(line, names)}\n`,
        );
      },
    });
  });

  const evaluate = program
    .command('eval')
    .description('accuracy, calibration and out-of-distribution metrics of a model')
    .option('--model <dir>', 'model folder or id (default: the active model, else the built-in one)')
    .option('--samples <S>', 'posterior samples', '100')
    .option('--ood <dir>', 'a folder of images to treat as out-of-distribution (repeatable)', collect, [])
    .option('--backend <name>', 'auto|tensorflow|wasm|cpu', 'auto')
    .option('--score <name>', 'std|entropy|mi|maxprob, for --max-error / --min-kept (default: as check)')
    .option('--json', 'print one JSON object');
  addGuaranteeOptions(evaluate).action(
    async (
      flags: GuaranteeFlags & {
        model?: string;
        samples: string;
        ood: string[];
        backend: string;
        score?: string;
        json?: boolean;
      },
    ) => {
      const samples = parseSamples(flags.samples, 100);
      const backend = parseBackend(flags.backend);
      const target = parseGuaranteeFlags(flags);
      const model = await resolveModel(ctx, flags.model);
      const score = parseScore(flags.score, defaultScore(model.meta.calibration));
      const oodDirs = flags.ood.map((d) => path.resolve(ctx.io.cwd, d));
      const report = await ctx.services.evaluate(model, {
        samples,
        oodDirs,
        backend,
        dataRoot: ctx.root,
        ...(target ? { guarantee: { target, score } } : {}),
      });
      ctx.io.stdout(
        flags.json ? `${JSON.stringify({ model: model.dir, ...report })}\n` : evalText(report, model.meta.id),
      );
    },
  );
}

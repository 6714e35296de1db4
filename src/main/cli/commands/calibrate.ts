// `unsure calibrate --model DIR`: (re)computes a model's calibration — thresholds at a percentile
// of every score over the MNIST test set, ECE, OOD metrics per shipped set — and stores it in its
// model.json. Training runs it by itself; this is for older models or other settings.
import type { Command } from 'commander';
import { parseSamples, parseScore, resolveModel, type CliContext } from '../context';
import { UsageError } from '../io';

function parsePercentile(text: string): number {
  const p = Number(text);
  if (!Number.isFinite(p) || p <= 50 || p >= 100)
    throw new UsageError(`--percentile expects a number in (50, 100), got "${text}"`);
  return p;
}

export function addCalibrateCommand(program: Command, ctx: CliContext): void {
  program
    .command('calibrate')
    .description("compute a model's thresholds and out-of-distribution metrics and store them with it")
    .requiredOption('--model <dir>', 'model folder or id')
    .option('--samples <S>', 'posterior samples', '100')
    .option('--percentile <P>', 'percentile of the test-set scores used as threshold', '99')
    .option('--score <name>', 'std|entropy|mi|maxprob (default: the best on the letters sets)')
    .option('--json', 'print the calibration as one JSON object')
    .action(
      async (flags: {
        model: string;
        samples: string;
        percentile: string;
        score?: string;
        json?: boolean;
      }) => {
        const samples = parseSamples(flags.samples, 100);
        const percentile = parsePercentile(flags.percentile);
        const score = flags.score === undefined ? 'auto' : parseScore(flags.score, 'std');
        const model = await resolveModel(ctx, flags.model);
        // Loaded on demand: the rest of the CLI does not need TensorFlow to start.
        const { calibrateModelDir } = await import('../../engine/calibrate');
        const cal = await calibrateModelDir(model.dir, { samples, percentile, score, dataRoot: ctx.root });
        if (flags.json) {
          ctx.io.stdout(`${JSON.stringify({ model: model.dir, calibration: cal })}\n`);
          return;
        }
        const sets = Object.entries(cal.ood)
          .map(([id, m]) => `${id} AUROC ${m.auroc.toFixed(3)}, rejects ${(100 * m.rejected).toFixed(1)}%`)
          .join('; ');
        ctx.io.stdout(
          `model ${model.meta.id}: score ${cal.score}, threshold ${cal.threshold.toFixed(4)} (${percentile}th percentile, ${samples} samples); ` +
            `test accuracy ${cal.testAccuracy.toFixed(4)}, rejects ${(100 * cal.rejectionRate).toFixed(2)}% of test digits, ECE ${cal.ece.toFixed(4)}\n` +
            (sets ? `${sets}\n` : ''),
        );
      },
    );
}

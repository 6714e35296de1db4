// `unsure train`: validate the flags through TrainConfig, run the trainer, report progress.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { modelsDir } from '../../engine/store';
import type { CliContext } from '../context';
import { EXIT_FAILURE, EXIT_INTERRUPTED, UsageError } from '../io';
import { barReporter, jsonReporter, plainReporter } from '../progress';
import { trainRequestFromFlags, type TrainFlags } from '../train-options';

export function addTrainCommand(program: Command, ctx: CliContext): void {
  const presetNames = Object.keys(ctx.services.presets).join('|');
  program
    .command('train')
    .description('train a Bayesian MLP on MNIST and save it as a new model')
    .option('--preset <name>', `starting recipe: ${presetNames} (default ${ctx.services.defaultPreset})`)
    .option('--hidden <sizes>', 'hidden layer sizes, e.g. 64,64')
    .option('--beta <B>', 'KL weight β')
    .option('--kl <mode>', 'KL normalisation: article|elbo')
    .option('--estimator <name>', 'gradient estimator: weight|local')
    .option('--prior-sigma <S>', 'prior standard deviation')
    .option('--init-logvar <L>', 'initial log-variance of the posterior')
    .option('--lr <R>', 'Adam learning rate')
    .option('--lr-schedule <name>', 'learning-rate schedule: constant|cosine')
    .option('--batch <N>', 'batch size')
    .option('--steps <N>', 'training steps')
    .option('--seed <N>', 'random seed')
    .option('--log-every <N>', 'steps between metrics lines')
    .option('--checkpoint-every <N>', 'steps between checkpoints')
    .option('--eval-samples <N>', 'posterior samples for the metrics')
    .option('--train-eval-size <N>', 'training examples scored at each log')
    .option(
      '--outliers <F>',
      'outlier exposure: fraction of each batch made of synthetic non-digits (0–0.75)',
    )
    .option('--backend <name>', 'auto|tensorflow|wasm|cpu', 'auto')
    .option('--out <dir>', 'folder in which the new model folder is created (default: your models folder)')
    .option('--resume <dir>', 'continue the run in this model folder from its last checkpoint')
    .option('--json', 'one JSON object per log line, then {"done": true, ...}')
    .action(async (flags: TrainFlags & { resume?: string }) => {
      const request = trainRequestFromFlags(
        { ...flags, preset: flags.preset ?? ctx.services.defaultPreset },
        ctx.services.presets,
      );
      const resumeFrom = flags.resume ? path.resolve(ctx.io.cwd, flags.resume) : null;
      if (resumeFrom && !fs.existsSync(path.join(resumeFrom, 'checkpoint.safetensors'))) {
        throw new UsageError(`--resume ${flags.resume}: no checkpoint.safetensors in that folder`);
      }
      const outDir = request.outDir ? path.resolve(ctx.io.cwd, request.outDir) : modelsDir(ctx.root);
      const reporter = request.json
        ? jsonReporter(ctx.io)
        : ctx.io.isTTY
          ? barReporter(ctx.io)
          : plainReporter(ctx.io);
      const abort = new AbortController();
      const release = ctx.io.onInterrupt?.(() => abort.abort());
      try {
        const result = await ctx.services.train({
          config: request.config,
          backend: request.backend,
          modelsDir: outDir,
          resumeFrom,
          onProgress: (p) => reporter.progress(p),
          signal: abort.signal,
        });
        reporter.finish(result);
        if (result.status === 'failed') ctx.setExitCode(EXIT_FAILURE);
        else if (abort.signal.aborted) ctx.setExitCode(EXIT_INTERRUPTED);
      } finally {
        release?.();
      }
    });
}

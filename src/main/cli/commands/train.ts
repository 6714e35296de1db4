// `unsure train`: validate the flags through TrainConfig, run the trainer, report progress.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { loadModel, modelsDir, type LoadedModel } from '../../engine/store';
import { PRESET_TEXT } from '../../engine/train/presets';
import { FAMILY_TEXT } from '../../../shared/model-kind';
import { Family } from '../../../shared/training';
import { resolveModel, type CliContext } from '../context';
import { EXIT_FAILURE, EXIT_INTERRUPTED, UsageError } from '../io';
import { barReporter, jsonReporter, plainReporter } from '../progress';
import { trainRequestFromFlags, type TrainFlags } from '../train-options';
import { BUILTIN_DATASET, DatasetName, type DatasetManifest } from '../../../shared/datasets';
import { CodedError } from '../../../shared/result';
import { continuedRecipe, recommendedRecipe } from '../../../shared/recipes';

/** The manifest of the dataset `--dataset` names; a name that is not there is a wrong command line (exit 2). */
async function datasetOf(ctx: CliContext, name: string): Promise<DatasetManifest> {
  const valid = DatasetName.safeParse(name);
  if (!valid.success) throw new UsageError(`--dataset: ${valid.error.issues[0]!.message}, got "${name}"`);
  try {
    return await ctx.services.datasetManifest(ctx.root, name);
  } catch (error) {
    if (error instanceof CodedError && error.code === 'dataset_missing')
      throw new UsageError(`--dataset ${name}: there is no such dataset in ${ctx.root} (dataset_missing)`);
    throw error;
  }
}

/** The model `--from` names: "default" (the built-in one), a model id or a folder. */
async function startingModel(ctx: CliContext, arg: string): Promise<LoadedModel> {
  if (arg !== 'default') return resolveModel(ctx, arg);
  if (!ctx.defaultDir) throw new CodedError('not_found', 'there is no built-in model in this installation');
  return loadModel(ctx.defaultDir);
}

/** The presets, one line each, under `unsure train --help`. */
function presetHelp(names: string[]): string {
  const text: Record<string, string> = PRESET_TEXT;
  const lines = names.map((name) => `  ${name.padEnd(16)}${text[name] ?? ''}`);
  return `\nPresets:\n${lines.join('\n')}`;
}

export function addTrainCommand(program: Command, ctx: CliContext): void {
  const presetNames = Object.keys(ctx.services.presets).join('|');
  const familyHelp = `model family: ${Family.options.map((f) => `${f} (${FAMILY_TEXT[f].label})`).join(' | ')}`;
  program
    .command('train')
    .description('train a model (any family: mean-field, MC dropout, Laplace, point, ensembles) on a dataset')
    .option(
      '--dataset <name>',
      `the dataset to train on (default ${BUILTIN_DATASET}); alone, its recommended recipe`,
    )
    .option(
      '--preset <name>',
      `starting recipe: ${presetNames} (default ${ctx.services.defaultPreset}; for another dataset: recommended)`,
    )
    .option('--family <name>', familyHelp)
    .option('--arch <name>', 'network: mlp (dense layers) | cnn (3×3 convolutions with pooling, then dense)')
    .option('--conv <sizes>', 'cnn: channels of each convolution block, e.g. 32,64')
    .option('--members <K>', 'K > 1 trains a deep ensemble of K independently started models')
    .option('--dropout <P>', 'dropout: share of units dropped before each dense layer (0–0.9)')
    .option('--weight-decay <W>', 'point, dropout, laplace: L2 pull of every weight towards zero')
    .option('--laplace <kind>', 'laplace: curvature kron (Kronecker-factored) | diag')
    .option('--hidden <sizes>', 'dense layer sizes before the output, e.g. 64,64')
    .option('--beta <B>', 'mfvi: KL weight β')
    .option('--kl <mode>', 'mfvi: KL normalisation article|elbo')
    .option('--estimator <name>', 'mfvi: gradient estimator weight|local')
    .option('--prior-sigma <S>', 'mfvi: prior standard deviation')
    .option('--init-logvar <L>', 'mfvi: initial log-variance of the posterior')
    .option('--lr <R>', 'Adam learning rate')
    .option('--lr-schedule <name>', 'learning-rate schedule: constant|cosine')
    .option('--batch <N>', 'batch size')
    .option('--steps <N>', 'training steps')
    .option('--seed <N>', 'random seed')
    .option('--log-every <N>', 'steps between metrics lines')
    .option('--checkpoint-every <N>', 'steps between checkpoints')
    .option('--eval-samples <N>', 'posterior samples for the metrics')
    .option('--train-eval-size <N>', 'training examples scored at each log')
    .option('--hold-out <N>', 'last training digits never trained on, kept to calibrate (0: train on all)')
    .option(
      '--outliers <F>',
      'outlier exposure: fraction of each batch made of synthetic outliers, none of the classes (0–0.75)',
    )
    .option(
      '--teach',
      'also teach your marked pictures (unsure marked): digits among the digits, the rest as outliers',
    )
    .option('--backend <name>', 'auto|tensorflow|wasm|cpu', 'auto')
    .option('--out <dir>', 'folder in which the new model folder is created (default: your models folder)')
    .option('--resume <dir>', 'continue the run in this model folder from its last checkpoint')
    .option(
      '--from <model>',
      "start from a finished model's network (folder, id, or default) with its recipe, 1000 steps at a lower rate unless --preset or flags say otherwise; with --teach, correct it in minutes",
    )
    .option('--json', 'one JSON object per log line, then {"done": true, ...}')
    .addHelpText('after', presetHelp(Object.keys(ctx.services.presets)))
    .action(async (flags: TrainFlags & { resume?: string; from?: string }) => {
      if (flags.from !== undefined && flags.resume !== undefined)
        throw new UsageError('--from starts a new run, --resume continues one: give one of them');
      const base = flags.from === undefined ? null : await startingModel(ctx, flags.from);
      const dataset = flags.dataset === undefined ? null : await datasetOf(ctx, flags.dataset);
      const recommended =
        base && flags.preset === undefined
          ? continuedRecipe(base.meta.config)
          : dataset && dataset.name !== BUILTIN_DATASET && flags.preset === undefined
            ? recommendedRecipe(dataset)
            : undefined;
      const request = trainRequestFromFlags(
        { ...flags, preset: flags.preset ?? (recommended ? undefined : ctx.services.defaultPreset) },
        ctx.services.presets,
        recommended,
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
          dataRoot: ctx.root,
          resumeFrom,
          startFrom: base?.dir ?? null,
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

// The real engine behind the CLI's service interfaces: the trainer child process for `train`,
// the uncertainty engine for `check` and `eval`.
import type { TrainProgress } from '../../shared/training';
import { CodedError, type ApiError } from '../../shared/result';
import { PRESETS } from '../engine/train/presets';
import { datasetResolver } from '../engine/datasets/resolve';
import { TrainerClient, defaultTrainerEntry, forkTrainer, type TrainerChannel } from '../engine/train/client';
import { APP_VERSION } from '../version';
import { checkFiles, evaluateModel, fitGuaranteeHere, readFiles } from './analysis';
import { compareModelsHere } from './compare';
import type { CliServices, TrainRunOptions, TrainRunResult } from './services';

/** The CLI's trainer: its own process group, so Ctrl+C stops it with a checkpoint instead of killing it. */
const trainerChannel = (): TrainerChannel => forkTrainer(defaultTrainerEntry(), { detached: true });

/** Runs one training in a forked trainer process; Ctrl+C (the signal) stops it with a checkpoint. */
async function trainInChildProcess(options: TrainRunOptions): Promise<TrainRunResult> {
  const started = Date.now();
  const client = new TrainerClient(trainerChannel());
  let last: TrainProgress | null = null;
  client.on('progress', (p) => {
    last = p;
    options.onProgress(p);
  });
  // A run that cannot even start is reported as an 'error' event, not an outcome.
  const failedToStart = new Promise<never>((_, reject) =>
    client.on('error', (e: ApiError) => reject(new CodedError(e.code, e.message))),
  );
  const stop = (): void => client.stop();
  options.signal.addEventListener('abort', stop);
  try {
    const outcome = await Promise.race([
      options.resumeFrom
        ? client.resumeFrom(options.resumeFrom, options.backend)
        : client.start(options.config, options.modelsDir, {
            backend: options.backend,
            dataRoot: options.dataRoot,
            ...(options.startFrom ? { startFrom: options.startFrom } : {}),
          }),
      failedToStart,
    ]);
    return {
      modelDir: outcome.modelDir ?? options.resumeFrom ?? options.modelsDir,
      status: outcome.status,
      backend: (last as TrainProgress | null)?.backend ?? options.backend,
      step: outcome.step,
      final: outcome.final,
      seconds: (Date.now() - started) / 1000,
      error: outcome.error,
    };
  } finally {
    options.signal.removeEventListener('abort', stop);
    client.kill();
  }
}

/** The CLI's services bound to the real engine. */
export function engineServices(): CliServices {
  return {
    appVersion: APP_VERSION,
    presets: PRESETS,
    defaultPreset: 'article',
    datasetManifest: async (root, name) => (await datasetResolver(root)(name)).manifest,
    train: trainInChildProcess,
    check: checkFiles,
    read: readFiles,
    evaluate: evaluateModel,
    fitGuarantee: fitGuaranteeHere,
    compare: compareModelsHere,
  };
}

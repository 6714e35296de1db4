// Builds the shipped default posterior (resources/default-model): trains one preset with a fixed
// seed on this process's backend, calibrates it, and replaces the folder in one rename. Same
// preset, seed and backend → the same posterior.safetensors, bit for bit (model.json differs only
// in dates and timings).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { CodedError } from '../../../shared/result';
import type { TrainConfigInput } from '../../../shared/training';
import type { BackendPreference } from '../backend';
import { METRICS_FILE, MODEL_FILE, POSTERIOR_FILE, readModelMeta, writeJsonAtomic } from '../store';
import { presetConfig } from '../train/presets';
import { runTraining } from '../train/trainer';
import { calibrateModelDir, type ModelCalibration } from '.';

export const DEFAULT_MODEL_ID = 'default';
export const DEFAULT_MODEL_NAME = 'Built-in posterior';
/**
 * The recipe of the shipped model: a deep ensemble of three last-layer Laplace CNNs. Of the recipes
 * measured by bench/ood.ts --own-sets and bench/as-pictures.ts at the threshold keeping 99% of MNIST
 * test digits, it keeps the most digits right (99.22%, the single `laplace` network 99.10%) and
 * refuses as many non-digits as the single network as pictures, more clothing and everyday pictures
 * as arrays; it trains with the calibration split held out, so conformal sets fitted on it are honest.
 */
export const DEFAULT_MODEL_PRESET = 'laplace-ensemble';

export interface DefaultModelOptions {
  /** Where the folder goes (e.g. resources/default-model); replaced as a whole at the end. */
  outDir: string;
  /** Default: DEFAULT_MODEL_PRESET. */
  preset?: string;
  overrides?: TrainConfigInput;
  backend?: BackendPreference;
  onLog?: (line: string) => void;
}

/** Trains, calibrates and installs the default model; returns its calibration. */
export async function makeDefaultModel(o: DefaultModelOptions): Promise<ModelCalibration> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-default-'));
  try {
    const outcome = await runTraining({
      config: presetConfig(o.preset ?? DEFAULT_MODEL_PRESET, o.overrides),
      modelsDir: work,
      name: DEFAULT_MODEL_NAME,
      backend: o.backend ?? 'tensorflow',
      onProgress: (p) => {
        if (p.metrics) o.onLog?.(`step ${p.step}: test accuracy ${p.metrics.test.accuracy.toFixed(4)}`);
      },
    });
    if (outcome.status !== 'complete' || !outcome.modelDir) {
      throw new CodedError(
        'train_failed',
        `training ended ${outcome.status}: ${outcome.error?.message ?? ''}`,
      );
    }
    return await installDefaultModel(outcome.modelDir, o.outDir, o.backend);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Makes a trained run of the default recipe the default model: renames it, calibrates it and swaps
 * it into outDir. Also for a run of the same preset and seed trained elsewhere (`unsure train`),
 * whose posterior is the same bit for bit.
 */
export async function installDefaultModel(
  modelDir: string,
  outDir: string,
  backend: BackendPreference = 'tensorflow',
): Promise<ModelCalibration> {
  const meta = await readModelMeta(modelDir);
  const renamed = { ...meta, id: DEFAULT_MODEL_ID, name: DEFAULT_MODEL_NAME };
  await writeJsonAtomic(path.join(modelDir, MODEL_FILE), renamed);
  const calibration = await calibrateModelDir(modelDir, { backend });
  install(modelDir, outDir);
  return calibration;
}

/**
 * Installs a finished run that `npm run make:default-model` would have trained (the same preset
 * with no overrides, hence the same seed: training is deterministic on one backend), without
 * training it again. The run's folder is left as it was: a copy is renamed and calibrated.
 */
export async function installDefaultRun(
  runDir: string,
  outDir: string,
  preset: string = DEFAULT_MODEL_PRESET,
  backend: BackendPreference = 'tensorflow',
): Promise<ModelCalibration> {
  const meta = await readModelMeta(runDir);
  if (meta.status !== 'complete') {
    throw new CodedError('config_invalid', `${runDir} is not a finished run (status ${meta.status})`);
  }
  if (!isDeepStrictEqual(meta.config, presetConfig(preset))) {
    throw new CodedError('config_invalid', `${runDir} was not trained by preset '${preset}' as it stands`);
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-default-'));
  try {
    for (const file of [MODEL_FILE, METRICS_FILE, POSTERIOR_FILE]) {
      fs.copyFileSync(path.join(runDir, file), path.join(work, file));
    }
    return await installDefaultModel(work, outDir, backend);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Copies the model's three files into a fresh folder beside outDir, then swaps it in. */
function install(modelDir: string, outDir: string): void {
  const staging = `${outDir}.new`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  for (const file of [MODEL_FILE, METRICS_FILE, POSTERIOR_FILE]) {
    fs.copyFileSync(path.join(modelDir, file), path.join(staging, file));
  }
  const old = `${outDir}.old`;
  fs.rmSync(old, { recursive: true, force: true });
  if (fs.existsSync(outDir)) fs.renameSync(outDir, old);
  fs.renameSync(staging, outDir);
  fs.rmSync(old, { recursive: true, force: true });
}

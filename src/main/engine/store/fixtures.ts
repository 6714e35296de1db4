// Builds small but complete model directories for tests (store, export, CLI): deterministic values,
// the exact on-disk layout src/main/engine/store/model-folder.ts reads and writes.
import fs from 'node:fs/promises';
import path from 'node:path';
import { TrainConfig, type MetricsRecord } from '../../../shared/training';
import type { ModelMeta } from '../../../shared/model';
import { encodeSafetensors, type NamedTensor } from '../format/safetensors';
import { contextFor, familyFor } from '../families';
import { METRICS_FILE, MODEL_FILE, POSTERIOR_FILE, modelsDir } from './paths';

/** Deterministic mean-field MLP tensors for `hidden` (means in [-0.5, 0.5), log-variances near -7). */
export function fakePosterior(hidden: number[], seed = 1): NamedTensor[] {
  const config = TrainConfig.parse({ hidden });
  let state = seed >>> 0 || 1;
  const next = (): number => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  return familyFor(config)
    .tensorSpecs(contextFor(config))
    .map(({ name, shape }) => {
      const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
      const isLogvar = name.endsWith('logvar');
      for (let i = 0; i < data.length; i++) data[i] = isLogvar ? -7 + next() * 0.5 : next() - 0.5;
      return { name, shape, data };
    });
}

export function fakeMetrics(step: number, accuracy: number): MetricsRecord {
  const split = {
    accuracy,
    elbo: -0.1,
    log_likelihood: -0.05,
    kl_divergence: 50,
    mean_approximate_evidence: 0.99,
  };
  return { step, train: split, test: { ...split }, seconds: step / 1000 };
}

export interface FakeModelOptions {
  id: string;
  hidden?: number[];
  preset?: string;
  createdAt?: string;
  seed?: number;
}

/** The model.json a finished fake model carries. */
export function fakeMeta(options: FakeModelOptions): ModelMeta {
  const config = TrainConfig.parse({
    preset: options.preset ?? 'custom',
    hidden: options.hidden ?? [8],
    steps: 200,
  });
  const createdAt = options.createdAt ?? '2024-01-01T00:00:00.000Z';
  return {
    format: 'unsure-model',
    version: 1,
    id: options.id,
    name: `Model ${options.id}`,
    createdAt,
    updatedAt: createdAt,
    status: 'complete',
    config,
    backend: 'cpu',
    step: 200,
    final: fakeMetrics(200, 0.9),
    calibration: {
      score: 'std',
      percentile: 99,
      threshold: 0.3,
      thresholds: { std: 0.3, entropy: 1, mutual_information: 0.1, max_prob: 0.25 },
      samples: 100,
      ood: { letters: { auroc: 0.9 } },
    },
  };
}

/** Writes a complete model directory into `dir` and returns its model.json. */
export async function writeFakeModelDir(dir: string, options: FakeModelOptions): Promise<ModelMeta> {
  const meta = fakeMeta(options);
  await fs.mkdir(dir, { recursive: true });
  const posterior = fakePosterior(meta.config.hidden, options.seed);
  // The metadata of posteriors written before families existed: they must still load as mfvi/mlp.
  const metadata = {
    format: 'unsure-posterior',
    version: '1',
    config: JSON.stringify(meta.config),
    step: '200',
  };
  await fs.writeFile(path.join(dir, POSTERIOR_FILE), encodeSafetensors(posterior, metadata));
  await fs.writeFile(
    path.join(dir, METRICS_FILE),
    JSON.stringify([fakeMetrics(100, 0.8), fakeMetrics(200, 0.9)]),
  );
  await fs.writeFile(path.join(dir, MODEL_FILE), JSON.stringify(meta));
  return meta;
}

/** Writes a fake model into `<root>/models/<id>`. */
export async function writeFakeModel(root: string, options: FakeModelOptions): Promise<string> {
  const dir = path.join(modelsDir(root), options.id);
  await writeFakeModelDir(dir, options);
  return dir;
}

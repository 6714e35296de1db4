// The model folder and the export file for every family: tensors are checked against the family
// of the model's config, family and architecture survive export → import, and files written
// before families existed (no family anywhere) still load and import as mean-field MLPs.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TrainConfig } from '../../../shared/training';
import { registry } from '../families';
import { fakeFamily } from '../families/fake-family';
import { decodeSafetensors, encodeSafetensors } from '../format/safetensors';
import { exportModel, importModelBytes } from '../export';
import { fakeMeta, fakeMetrics, fakePosterior, writeFakeModel } from './fixtures';
import { loadModel } from './load';
import { writeMetrics, writeModelJson, writePosterior } from './model-folder';

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'unsure-families-'));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});
const point = registry.families.point;
afterAll(() => {
  registry.families.point = point;
});

/** The settings a model.json config had before families (and holdOut) existed. */
const PRE_FAMILY_CONFIG = {
  preset: 1,
  hidden: 1,
  beta: 1,
  kl: 1,
  estimator: 1,
  priorSigma: 1,
  initLogvar: 1,
  learningRate: 1,
  lrSchedule: 1,
  batchSize: 1,
  steps: 1,
  seed: 1,
  logEvery: 1,
  checkpointEvery: 1,
  evalSamples: 1,
  trainEvalSize: 1,
  outlierFraction: 1,
} as const;

async function rejection(dir: string): Promise<unknown> {
  return loadModel(dir).then(
    () => null,
    (e: unknown) => e,
  );
}

describe('the store checks a posterior against its family', () => {
  it('refuses tensors that are not those of the config’s family and architecture', async () => {
    const dir = await writeFakeModel(root, { id: 'm', hidden: [8] });
    const meta = JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8')) as { config: object };
    // The same mean-field MLP tensors, but model.json says a CNN: not its layers.
    meta.config = TrainConfig.parse({ ...meta.config, arch: 'cnn', conv: [4] });
    await fs.writeFile(path.join(dir, 'model.json'), JSON.stringify(meta));
    expect(await rejection(dir)).toMatchObject({
      code: 'model_invalid',
      message: expect.stringMatching(
        /layers\.0\.weight\.mean has shape \[784,8\], expected \[3,3,1,4\]/,
      ) as unknown,
    });
    // Point weights (no mean, no log-variance) under a mean-field config.
    const point = await writeFakeModel(root, { id: 'p', hidden: [8] });
    const file = decodeSafetensors(await fs.readFile(path.join(point, 'posterior.safetensors')));
    const renamed = file.tensors.map((t) => ({ ...t, name: t.name.replace(/\.mean$/, '') }));
    await fs.writeFile(path.join(point, 'posterior.safetensors'), encodeSafetensors(renamed, file.metadata));
    expect(await rejection(point)).toMatchObject({
      code: 'model_invalid',
      message: expect.stringMatching(/unexpected tensor layers\.0\.weight\b/) as unknown,
    });
  });
});

describe('family and architecture', () => {
  it('round-trip through export and import', async () => {
    registry.families.point = fakeFamily();
    const config = TrainConfig.parse({ family: 'point', hidden: [8], steps: 200 });
    const family = registry.families.point;
    const tensors = family
      .tensorSpecs({ config, shape: { height: 28, width: 28, channels: 1, classes: 10 }, trainSize: 60000 })
      .map((s, i) => ({
        ...s,
        data: new Float32Array(s.shape.reduce((a, b) => a * b, 1)).fill(i ? 0 : 0.01),
      }));
    const dir = path.join(root, 'models', 'pt');
    await fs.mkdir(dir, { recursive: true });
    writePosterior(dir, config, 200, tensors);
    writeMetrics(dir, []);
    writeModelJson(dir, { ...fakeMeta({ id: 'pt' }), config });
    const out = path.join(root, 'pt.safetensors');
    expect((await exportModel(dir, out, '1')).ok).toBe(true);
    const bytes = await fs.readFile(out);
    expect(decodeSafetensors(bytes).metadata).toMatchObject({ family: 'point', arch: 'mlp', members: '1' });
    const imported = await importModelBytes(root, bytes);
    if (!imported.ok) throw new Error(imported.error.message);
    const loaded = await loadModel(imported.value.dir);
    expect(loaded.meta.config).toMatchObject({ family: 'point', arch: 'mlp', hidden: [8] });
    expect(loaded.posterior).toEqual(tensors);
    const stored = decodeSafetensors(
      await fs.readFile(path.join(imported.value.dir, 'posterior.safetensors')),
    );
    expect(stored.metadata).toMatchObject({ family: 'point', arch: 'mlp' });
    // A family key that contradicts the config is refused.
    const forged = decodeSafetensors(bytes);
    forged.metadata.family = 'mfvi';
    expect(await importModelBytes(root, encodeSafetensors(forged.tensors, forged.metadata))).toMatchObject({
      ok: false,
      error: { code: 'import_invalid', message: expect.stringMatching(/"family" is mfvi/) as unknown },
    });
  });

  it('files written before families existed load and import as mean-field MLPs', async () => {
    // A mean-field 256-256 posterior (its tensor names predate families) in a folder as the app wrote
    // it before families: no family in the file's metadata, a config without the family settings.
    const built = {
      meta: fakeMeta({ id: 'pre-families', hidden: [256, 256] }),
      metrics: [fakeMetrics(200, 0.9)],
      posterior: fakePosterior([256, 256]),
    };
    const oldKeys = Object.keys(PRE_FAMILY_CONFIG) as (keyof typeof PRE_FAMILY_CONFIG)[];
    const oldConfig = Object.fromEntries(oldKeys.map((k) => [k, built.meta.config[k]]));
    const shipped = path.join(root, 'pre-families');
    await fs.mkdir(shipped);
    const oldMeta = { ...built.meta, config: oldConfig };
    await fs.writeFile(path.join(shipped, 'model.json'), JSON.stringify(oldMeta));
    await fs.writeFile(path.join(shipped, 'metrics.json'), JSON.stringify(built.metrics));
    const oldFile = encodeSafetensors(built.posterior, {
      format: 'unsure-posterior',
      version: '1',
      config: JSON.stringify(oldConfig),
      step: String(built.meta.step),
    });
    await fs.writeFile(path.join(shipped, 'posterior.safetensors'), oldFile);
    const header = decodeSafetensors(await fs.readFile(path.join(shipped, 'posterior.safetensors')));
    expect(header.metadata.family).toBeUndefined();
    expect(JSON.parse(header.metadata.config!)).not.toHaveProperty('family');
    const model = await loadModel(shipped);
    expect(model.meta.config).toMatchObject({ family: 'mfvi', arch: 'mlp', members: 1 });
    // The export file as the app wrote it before families: these metadata keys, the old config.
    const old = encodeSafetensors(model.posterior, {
      format: 'unsure-posterior',
      version: '1',
      config: header.metadata.config!,
      metrics: JSON.stringify(model.metrics),
      calibration: JSON.stringify(model.meta.calibration),
      name: model.meta.name,
      created_at: model.meta.createdAt,
      step: String(model.meta.step),
      backend: model.meta.backend,
      app_version: '0.9.0',
    });
    const imported = await importModelBytes(root, old);
    if (!imported.ok) throw new Error(imported.error.message);
    const loaded = await loadModel(imported.value.dir);
    expect(loaded.meta.config).toMatchObject({ family: 'mfvi', arch: 'mlp', hidden: [256, 256] });
    expect(loaded.posterior).toEqual(model.posterior);
  });
});

// The shipped model is what `npm run make:default-model` builds today: the recipe DEFAULT_MODEL_PRESET
// names, holding out the calibration split (so conformal sets and thresholds fitted on it are honest).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelMeta } from '../../../shared/model';
import { calibrationSeenInTraining } from '../evaluate/calibration-split';
import { presetConfig } from '../train/presets';
import { writeFakeModelDir } from '../store/fixtures';
import { DEFAULT_MODEL_ID, DEFAULT_MODEL_PRESET, installDefaultRun } from './default-model';

const shipped = ModelMeta.parse(
  JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../resources/default-model/model.json'), 'utf8')),
);

describe('the shipped default model', () => {
  it('was trained by the default recipe as it stands', () => {
    expect(shipped.id).toBe(DEFAULT_MODEL_ID);
    expect(shipped.config).toEqual(presetConfig(DEFAULT_MODEL_PRESET));
  });

  it('never trained on the held-out calibration digits', () => {
    expect(calibrationSeenInTraining(shipped.config)).toBe(false);
  });
});

describe('installing a finished run as the default model', () => {
  const made: string[] = [];
  const tmp = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-default-test-'));
    made.push(dir);
    return dir;
  };
  afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('refuses a run the default recipe would not have trained, and leaves the target alone', async () => {
    const root = tmp();
    const run = path.join(root, 'run');
    await writeFakeModelDir(run, { id: 'other-recipe' });
    const out = path.join(root, 'default-model');
    await expect(installDefaultRun(run, out)).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining(`preset '${DEFAULT_MODEL_PRESET}'`) as unknown,
    });
    expect(fs.existsSync(out)).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(run, 'model.json'), 'utf8'))).toMatchObject({
      id: 'other-recipe',
    });
  });

  it('refuses an unfinished run even of the default recipe', async () => {
    const root = tmp();
    const run = path.join(root, 'run');
    const meta = await writeFakeModelDir(run, { id: 'unfinished' });
    const unfinished = { ...meta, status: 'training', config: presetConfig(DEFAULT_MODEL_PRESET) };
    fs.writeFileSync(path.join(run, 'model.json'), JSON.stringify(unfinished));
    await expect(installDefaultRun(run, path.join(root, 'out'))).rejects.toMatchObject({
      code: 'config_invalid',
      message: expect.stringContaining('not a finished run') as unknown,
    });
  });
});

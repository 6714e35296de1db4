// The shipped model is what `npm run make:default-model` builds today: the recipe DEFAULT_MODEL_PRESET
// names, holding out the calibration split (so conformal sets and thresholds fitted on it are honest).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelMeta } from '../../../shared/model';
import { calibrationSeenInTraining } from '../evaluate/calibration-split';
import { presetConfig } from '../train/presets';
import { DEFAULT_MODEL_ID, DEFAULT_MODEL_PRESET } from './default-model';

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

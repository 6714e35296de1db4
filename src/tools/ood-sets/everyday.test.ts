// The everyday-pictures evaluation set: every picture survives the app's preprocessing with ink
// on it, and none of its typefaces is a training-outlier font (evaluation and training stay disjoint).
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRAIN_FONTS } from '../train-letters';
import { DRAWINGS, EMOJI, TEXTURES, WORDS, makeEveryday } from './everyday';
import { LETTER_FONTS } from './fonts';

const fontsInstalled =
  fs.existsSync('/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf') &&
  LETTER_FONTS.every((f) => fs.existsSync(f.file));

describe('everyday pictures', () => {
  it('sets its words in evaluation typefaces only, never in a training-outlier font', () => {
    const training = new Set(TRAIN_FONTS.map(([, file]) => file));
    expect(LETTER_FONTS.filter((f) => training.has(f.file))).toEqual([]);
  });

  it.skipIf(!fontsInstalled)('renders every emoji, drawing, word and texture with ink on it', async () => {
    const set = await makeEveryday(2);
    const expected =
      EMOJI.length + 2 * Object.keys(DRAWINGS).length + 4 * WORDS.length + 2 * Object.keys(TEXTURES).length;
    expect(set.images).toHaveLength(expected);
    expect(new Set(set.labels)).toEqual(new Set([0, 1, 2, 3]));
    const blank = set.images.filter((img) => img.reduce((a, v) => a + (v > 127 ? 1 : 0), 0) < 10);
    expect(blank).toHaveLength(0);
  });
});

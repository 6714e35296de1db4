// Build time only: renders TRAIN_LETTERS in TRAIN_FONTS through the user-image preprocessing and
// writes resources/train-outliers (scripts/make-train-outliers.mjs). Needs the fonts installed.
import { renderText, toBytes, toMnist } from '../ood/generate/render';
import { TRAIN_FONTS, TRAIN_LETTERS, writeTrainLetters } from './letters';

/** Renders every training letter in every training font into `dir`; returns how many. */
export async function makeTrainLetters(dir: string): Promise<number> {
  const images: Uint8Array[] = [];
  for (const [pango, file] of TRAIN_FONTS) {
    const font = { pango, file, debianPackage: '', licence: '', style: 'sans' as const };
    for (const ch of TRAIN_LETTERS) images.push(toBytes(await toMnist(await renderText(ch, font))));
  }
  writeTrainLetters(dir, images);
  return images.length;
}

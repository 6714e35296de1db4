// Letters A–Z and a–z in each typeface: the article's out-of-distribution test ("B" read as 8).

import { LETTER_FONTS } from './fonts';
import { renderText, toBytes, toMnist } from './render';

export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';

export interface GeneratedSet {
  images: Uint8Array[];
  /** Per image, an index into labelNames. */
  labels: number[];
  labelNames: string[];
}

/** Every letter of `alphabet` in every font, in MNIST format. Label = index in the alphabet. */
export async function makeLetters(alphabet: string): Promise<GeneratedSet> {
  const images: Uint8Array[] = [];
  const labels: number[] = [];
  for (const font of LETTER_FONTS) {
    for (let k = 0; k < alphabet.length; k++) {
      images.push(toBytes(await toMnist(await renderText(alphabet[k]!, font))));
      labels.push(k);
    }
  }
  return { images, labels, labelNames: alphabet.split('') };
}

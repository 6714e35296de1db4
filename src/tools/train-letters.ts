// Build time only: renders TRAIN_LETTERS in TRAIN_FONTS through the user-image preprocessing and
// writes resources/train-outliers (scripts/make-train-outliers.mjs). Needs the fonts installed.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { writeIdx } from '../main/engine/data/idx';
import { writeFileAtomicSync } from '../main/engine/files/atomic-write';
import { PIXELS, SIDE } from '../main/engine/outliers/draw';
import { TRAIN_LETTERS, TRAIN_LETTERS_FILE } from '../main/engine/outliers/letters';
import { renderText, toBytes, toMnist } from './ood-sets/render';

const OT = '/usr/share/fonts/opentype';
const URW = `${OT}/urw-base35`;
const TT = '/usr/share/fonts/truetype';
/** [pango description, font file]: print families the evaluation letters do not use. */
export const TRAIN_FONTS: [string, string][] = [
  ['Nimbus Sans', `${URW}/NimbusSans-Regular.otf`],
  ['Nimbus Sans Bold', `${URW}/NimbusSans-Bold.otf`],
  ['Nimbus Sans Narrow', `${URW}/NimbusSansNarrow-Regular.otf`],
  ['Nimbus Mono PS Bold', `${URW}/NimbusMonoPS-Bold.otf`],
  ['P052', `${URW}/P052-Roman.otf`],
  ['P052 Bold Italic', `${URW}/P052-BoldItalic.otf`],
  ['DejaVu Serif', `${TT}/dejavu/DejaVuSerif.ttf`],
  ['DejaVu Sans Mono Bold', `${TT}/dejavu/DejaVuSansMono-Bold.ttf`],
  ['FreeSans Bold Oblique', `${TT}/freefont/FreeSansBoldOblique.ttf`],
  ['FreeSerif Italic', `${TT}/freefont/FreeSerifItalic.ttf`],
  ['Liberation Serif Bold', `${TT}/liberation2/LiberationSerif-Bold.ttf`],
  ['Liberation Sans Narrow Italic', `${TT}/liberation/LiberationSansNarrow-Italic.ttf`],
  ['Nimbus Sans Italic', `${URW}/NimbusSans-Italic.otf`],
  ['Nimbus Mono PS', `${URW}/NimbusMonoPS-Regular.otf`],
  ['P052 Italic', `${URW}/P052-Italic.otf`],
  ['FreeMono Bold', `${TT}/freefont/FreeMonoBold.ttf`],
  ['FreeSerif Bold', `${TT}/freefont/FreeSerifBold.ttf`],
  ['FreeSans', `${TT}/freefont/FreeSans.ttf`],
  ['Liberation Serif Italic', `${TT}/liberation2/LiberationSerif-Italic.ttf`],
  ['Nimbus Sans Narrow Bold Oblique', `${URW}/NimbusSansNarrow-BoldOblique.otf`],
  ['DejaVu Sans Mono Oblique', `${TT}/dejavu/DejaVuSansMono-Oblique.ttf`],
  // Print families from Debian packages of their own (no handwriting or script face). With the 21
  // fonts above alone the network refused their S and read most other typefaces' S as a 5: too
  // few fonts teach those fonts, not the letter (README).
  ['Lato', `${TT}/lato/Lato-Regular.ttf`],
  ['Lato Bold', `${TT}/lato/Lato-Bold.ttf`],
  ['Open Sans', `${TT}/open-sans/OpenSans-Regular.ttf`],
  ['Roboto', `${TT}/roboto/unhinted/RobotoTTF/Roboto-Regular.ttf`],
  ['Roboto Light', `${TT}/roboto/unhinted/RobotoTTF/Roboto-Light.ttf`],
  ['Noto Sans', `${TT}/noto/NotoSans-Regular.ttf`],
  ['Noto Sans Bold', `${TT}/noto/NotoSans-Bold.ttf`],
  ['Noto Serif', `${TT}/noto/NotoSerif-Regular.ttf`],
  ['Noto Serif Italic', `${TT}/noto/NotoSerif-Italic.ttf`],
  ['Cantarell', `${OT}/cantarell/Cantarell-Regular.otf`],
  ['Carlito', `${TT}/crosextra/Carlito-Regular.ttf`],
  ['Caladea', `${TT}/crosextra/Caladea-Regular.ttf`],
  ['Linux Libertine O', `${OT}/linux-libertine/LinLibertine_R.otf`],
  ['Linux Biolinum O', `${OT}/linux-libertine/LinBiolinum_R.otf`],
  ['Go', '/usr/share/fonts/fonts-go/Go-Regular.ttf'],
  ['Go Mono', '/usr/share/fonts/fonts-go/Go-Mono.ttf'],
  ['Hack', `${TT}/hack/Hack-Regular.ttf`],
  ['Charis SIL', `${TT}/charis/CharisSIL-Regular.ttf`],
  ['Gentium', `${TT}/gentium/Gentium-R.ttf`],
];

/** Writes the letters file from rendered images (one byte per pixel). */
export function writeTrainLetters(dir: string, images: Uint8Array[]): void {
  const data = new Uint8Array(images.length * PIXELS);
  images.forEach((img, i) => data.set(img, i * PIXELS));
  fs.mkdirSync(dir, { recursive: true });
  const gz = zlib.gzipSync(writeIdx([images.length, SIDE, SIDE], data), { level: 9 });
  writeFileAtomicSync(path.join(dir, TRAIN_LETTERS_FILE), gz);
}

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

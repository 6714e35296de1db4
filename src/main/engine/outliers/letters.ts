// Letters in PRINT fonts for outlier exposure, rendered once at build time (src/tools/train-letters.ts)
// and shipped as resources/train-outliers/letters-print-images-idx3-ubyte.gz (the app needs no fonts).
// None of those font families is among the evaluation letters' (resources/ood uses 15 others, among
// them all the handwriting and script faces), so the letters AUROC is measured on unseen typefaces.
// Letters drawn the same as a digit (O o → 0, I l → 1) are left out: a uniform target on them would
// be label noise. Letters only close to a digit (D, S, Z, B, b, g, q…) are kept: their print and
// pen shapes differ from MNIST's digits, and leaving them out left them read as digits (D, S, Z,
// s, z at 0.69–0.80 AUROC against 0.95+ for the others).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { parseIdx } from '../data/idx';
import { SIDE } from './draw';
import { resolveResourcesDir } from '../store/paths';

/** Letters commonly read as a digit: left out of the bench's "distinct letters". */
export const DIGIT_LOOKALIKES = 'OoQDIlijJZzSsBbGgqT';
/** Letters written exactly as a digit (0, 1): never training outliers. */
export const DIGIT_TWINS = 'OoIl';
/** Training letters: first those no one reads as a digit, then those only close to one. */
export const TRAIN_LETTERS = 'ACEFHKLMNPRUVWXYacdefhkmnprtuvwxy' + 'BDGJQSTZbgijqsz';
export const TRAIN_LETTERS_FILE = 'letters-print-images-idx3-ubyte.gz';

/** resources/train-outliers in the resources folder the store resolves (source tree or packaged app). */
export function defaultTrainOutliersDir(): string {
  return path.join(resolveResourcesDir() ?? path.join(process.cwd(), 'resources'), 'train-outliers');
}

/** The shipped training letters as floats (count × 784); empty when the file is absent. */
export function loadTrainLetters(dir: string = defaultTrainOutliersDir()): Float32Array {
  const file = path.join(dir, TRAIN_LETTERS_FILE);
  if (!fs.existsSync(file)) return new Float32Array(0);
  const { dims, data } = parseIdx(zlib.gunzipSync(fs.readFileSync(file)));
  if (dims.length !== 3 || dims[1] !== SIDE || dims[2] !== SIDE)
    throw new Error(`${file} is not N×${SIDE}×${SIDE}`);
  return Float32Array.from(data, (v) => v / 255);
}

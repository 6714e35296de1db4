// Numbers on user images, digit by digit, for `unsure read` and the Check view: each picture's digits
// found (./image/segment.ts), each prepared as a single digit is, all judged in one posterior pass, each
// given the single-digit verdict (./verdicts.ts) and its box; a piece of ink that may be one digit or
// two touching ones is judged both ways, and the model chooses (./readings.ts). One bad image never
// stops the others.
import { digitChar } from '../../shared/api/read';
import type { DigitBox } from '../../shared/api/check';
import type { ImageInput, PreparedDigit, PreparedImage } from './image/prepare';
import { choosePiece, chooseReading } from './readings';
import type { LoadedModel } from './store';
import { CodedError } from '../../shared/result';
import { modelDataset } from '../../shared/model';
import { readsNumbers } from './image/preparation';
import {
  NO_ANSWER,
  judgePrepared,
  modelPictureRule,
  type ImageFailure,
  type SeenVerdict,
  type VerdictOptions,
} from './verdicts';

/** One digit: the single-digit verdict on its crop (every field a verdict has) and its box. */
export type SeenDigit = Omit<SeenVerdict, 'file'> & { box: DigitBox };
export type SeenNumber = {
  file: string;
  ok: true;
  text: string;
  size: { width: number; height: number };
  digits: SeenDigit[];
};

/**
 * Reads every image (a path or its bytes) as a number, returning one result per image in order;
 * refused (`read_unavailable`) for a model whose dataset is not of written digits.
 */
export async function readImages(
  model: LoadedModel,
  images: readonly { name: string; input: ImageInput }[],
  options: VerdictOptions,
): Promise<(SeenNumber | ImageFailure)[]> {
  if (!readsNumbers(modelPictureRule(model))) {
    const { name } = modelDataset(model.meta);
    throw new CodedError(
      'read_unavailable',
      `reading numbers digit by digit is only available for models of written digits; model ${model.meta.id} is of dataset "${name}"`,
    );
  }
  const rows = (image: PreparedImage) => [...image.digits, ...image.alternative, ...image.pairs.flat()];
  const { prepared, next } = await judgePrepared(model, images, options, rows);
  return prepared.map((result, i): SeenNumber | ImageFailure => {
    const file = images[i]!.name;
    if (!result.ok) return { file, ok: false, error: result.error };
    const judge = (digit: PreparedDigit): SeenDigit | null => {
      const verdict = next({ written: true, png: digit.png });
      return verdict && { ...verdict, box: digit.box };
    };
    const { digits, alternative, pairs } = result.value;
    const [mine, other] = [digits.map(judge), alternative.map(judge)];
    const halves = pairs.map((pair) => pair.map(judge));
    // A piece of ink that may be one digit or two: the reading the model vouches for (./readings.ts).
    const chosen =
      chooseReading(mine, other) === 'other'
        ? other
        : mine.flatMap((one, k) => (choosePiece(one, halves[k]!) === 'two' ? halves[k]! : [one]));
    const seen = chosen.filter((d): d is SeenDigit => d !== null);
    if (seen.length < chosen.length) return { file, ok: false, error: NO_ANSWER };
    const { size } = result.value;
    return { file, ok: true, text: seen.map(digitChar).join(''), size, digits: seen };
  });
}

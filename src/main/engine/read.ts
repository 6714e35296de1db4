// Numbers on user images, digit by digit, for `unsure read` and the Check view: each picture's digits
// found (./image/segment.ts), each prepared as a single digit is, all judged in one posterior pass, each
// given the single-digit verdict (./verdicts.ts) and its box. One bad image never stops the others.
import { digitChar } from '../../shared/api/read';
import type { DigitBox } from '../../shared/api/check';
import type { ImageInput } from './image/prepare';
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
  const { prepared, next } = await judgePrepared(model, images, options, (image) => image.digits);
  return prepared.map((result, i): SeenNumber | ImageFailure => {
    const file = images[i]!.name;
    if (!result.ok) return { file, ok: false, error: result.error };
    const seen: SeenDigit[] = [];
    for (const digit of result.value.digits) {
      const verdict = next({ written: true, png: digit.png });
      if (verdict) seen.push({ ...verdict, box: digit.box });
    }
    if (seen.length < result.value.digits.length) return { file, ok: false, error: NO_ANSWER };
    const { size } = result.value;
    return { file, ok: true, text: seen.map(digitChar).join(''), size, digits: seen };
  });
}

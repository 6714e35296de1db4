// Numbers read digit by digit (`unsure read`, the Check view's digit boxes): each digit the picture
// holds, left to right, with its box in the picture and the single-digit verdict on it.
import { z } from 'zod';
import { DigitBox, DigitVerdict, FileFailure } from './check';
import { VerdictLine } from '../check-line';

/** The character of `text` for a digit: the digit when accepted, "?" otherwise. */
export function digitChar(digit: Pick<DigitVerdict, 'verdict' | 'prediction'>): string {
  return digit.verdict === 'accept' ? String(digit.prediction) : '?';
}

/** A picture read as a number: its digits left to right; `text` "" and no digits when nothing is written. */
export const NumberRead = z.object({
  file: z.string(),
  ok: z.literal(true),
  text: z.string(),
  digits: z.array(DigitVerdict),
});
export type NumberRead = z.infer<typeof NumberRead>;

export const ReadResult = z.discriminatedUnion('ok', [NumberRead, FileFailure]);
export type ReadResult = z.infer<typeof ReadResult>;

/** A digit as `unsure read --json` prints it: its box, then the fields of an `unsure check --json` line. */
export const DigitLine = VerdictLine.omit({ file: true }).extend({ box: DigitBox });

export const ReadLine = z.discriminatedUnion('ok', [
  NumberRead.extend({ digits: z.array(DigitLine) }),
  FileFailure,
]);
export type ReadLine = z.infer<typeof ReadLine>;

/** The line of a read or a failure: exactly the fields above, in their order (extra fields dropped). */
export function toReadLine(result: z.input<typeof ReadLine>): ReadLine {
  return ReadLine.parse(result);
}

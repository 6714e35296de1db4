// One split's per-image scores cross the process boundary as base64 of typed arrays: three strings
// instead of 3 × 60,000 numbers, so checking and copying them no longer stalls the main thread.
// Both ends run on the same machine, so a Float32Array's bytes are read in the order they were written.
import { z } from 'zod';
import { base64ToBytes } from '../base64';

/** The decoded arrays, one entry per image of the split, in the split's order. */
export interface SplitArrays {
  scores: Float32Array;
  /** The predicted class of each image (mean of the samples' probabilities), 0–9. */
  predicted: Uint8Array;
  /** 1 where the prediction is the label, else 0. */
  correct: Uint8Array;
}

/** The wire fields of a split's scores; `scores` is float32, the others one byte per image. */
export const splitScoresFields = {
  count: z.number().int().min(0),
  scores: z.string().describe('base64 of a Float32Array, one score per image'),
  predicted: z.string().describe('base64 of one byte per image: its predicted class'),
  correct: z.string().describe('base64 of one byte per image: 1 when the prediction is right'),
};

/** A split's scores as they travel. */
export type SplitWire = z.infer<z.ZodObject<typeof splitScoresFields>>;

/** Length of the base64 of `bytes` bytes (padded). */
const base64Length = (bytes: number): number => Math.ceil(bytes / 3) * 4;

/** The bytes of `text`, or null when it is not base64. */
function bytesOf(text: string): Uint8Array | null {
  try {
    return base64ToBytes(text);
  } catch {
    return null;
  }
}

/**
 * The arrays of a split's wire form, or why they cannot be: a wrong length (checked on the string
 * before any decoding), a score that is not finite, a class outside 0–9 or a flag other than 0/1.
 */
export function decodeSplitScores(wire: SplitWire): SplitArrays | string {
  const { count } = wire;
  const sizes = { scores: count * 4, predicted: count, correct: count } as const;
  for (const [field, bytes] of Object.entries(sizes) as [keyof typeof sizes, number][])
    if (wire[field].length !== base64Length(bytes)) return `${field}: expected ${count} values`;
  const raw = { scores: bytesOf(wire.scores), predicted: bytesOf(wire.predicted) };
  const correct = bytesOf(wire.correct);
  if (raw.scores?.length !== sizes.scores || raw.predicted?.length !== count || correct?.length !== count)
    return `expected ${count} values of base64 per array`;
  const scores = new Float32Array(raw.scores.buffer, 0, count);
  for (let i = 0; i < count; i++) {
    if (!Number.isFinite(scores[i])) return `scores: value ${i} is not a finite number`;
    if (raw.predicted[i]! > 9) return `predicted: value ${i} is not a class 0–9`;
    if (correct[i]! > 1) return `correct: value ${i} is not 0 or 1`;
  }
  return { scores, predicted: raw.predicted, correct };
}

/** Adds the decoding's complaint, if any, as an issue of the schema. */
export function checkSplitScores(wire: SplitWire, ctx: z.RefinementCtx): void {
  const decoded = decodeSplitScores(wire);
  if (typeof decoded === 'string') ctx.addIssue({ code: 'custom', message: decoded });
}

/** A split's wire form with its arrays decoded, for the renderer's stores. */
export type WithArrays<T extends SplitWire> = Omit<T, keyof typeof splitScoresFields> & SplitArrays;

/** `wire` with its arrays decoded; throws on a malformed one (the main side checked it already). */
export function withArrays<T extends SplitWire>(wire: T): WithArrays<T> {
  const decoded = decodeSplitScores(wire);
  if (typeof decoded === 'string') throw new Error(`bad split scores: ${decoded}`);
  const { count: _count, scores: _s, predicted: _p, correct: _c, ...rest } = wire;
  return { ...rest, ...decoded };
}

// The teach loop: pictures the user marked on a Check card ("this is a 7", "this is not a digit"),
// kept in the data folder and, on request, mixed into a training run.
import { z } from 'zod';
import { MNIST_SHAPE } from '../data-shape';
import { MAX_IMAGE_BASE64 } from './limits';

/** A marked picture's label: a digit, or null for "not a digit". */
export const MarkedLabel = z
  .number()
  .int()
  .min(0)
  .max(MNIST_SHAPE.classes - 1)
  .nullable();
export type MarkedLabel = z.infer<typeof MarkedLabel>;

/** Ids are made by the store; the pattern keeps every file of an entry inside the marked folder. */
export const MARKED_ID_PATTERN = /^m-[0-9a-z]{1,40}$/;
export const MarkedId = z.object({ id: z.string().regex(MARKED_ID_PATTERN) });
export type MarkedId = z.infer<typeof MarkedId>;

export const MarkRequest = z.object({
  name: z.string().min(1).max(512),
  dataBase64: z.string().min(1).max(MAX_IMAGE_BASE64),
  label: MarkedLabel,
});
export type MarkRequest = z.infer<typeof MarkRequest>;

/** What an entry's JSON file holds. */
export const MarkedMeta = z
  .object({
    id: z.string().regex(MARKED_ID_PATTERN),
    label: MarkedLabel,
    /** The file name the picture had. */
    name: z.string().min(1).max(512),
    createdAt: z.string().datetime(),
  })
  .strict();
export type MarkedMeta = z.infer<typeof MarkedMeta>;

export const MarkedEntry = MarkedMeta.extend({
  /** The prepared 28×28 (what the network sees) as a grayscale PNG, base64. */
  seenPngBase64: z.string(),
});
export type MarkedEntry = z.infer<typeof MarkedEntry>;

export const MarkedList = z.object({
  entries: z.array(MarkedEntry),
  /** Entries that could not be read (a damaged file): left out, with why. */
  skipped: z.array(z.object({ id: z.string(), message: z.string() })),
});
export type MarkedList = z.infer<typeof MarkedList>;

/** A marked label in words: "7" or "not a digit". */
export function markedLabelText(label: MarkedLabel): string {
  return label === null ? 'not a digit' : String(label);
}

import { z } from 'zod';
import { DatasetShape } from '../datasets';
import { Outcome, OutcomeReason } from '../outcomes';
import { ApiErrorSchema } from './common';
import { MAX_IMAGE_BASE64, SampleCount } from './limits';

export const ScoreName = z.enum(['std', 'entropy', 'mutual_information', 'max_prob']);
export type ScoreName = z.infer<typeof ScoreName>;

export const Scores = z.object({
  std: z.number(),
  entropy: z.number(),
  mutual_information: z.number(),
  max_prob: z.number(),
});
export type Scores = z.infer<typeof Scores>;

/** Images sent for a verdict, as bytes (the browser has no paths); at most 64 per call. */
export const CheckRequest = z.object({
  files: z
    .array(z.object({ name: z.string().min(1).max(512), dataBase64: z.string().max(MAX_IMAGE_BASE64) }))
    .min(1)
    .max(64),
  modelId: z.string().max(128).optional(),
  samples: SampleCount.optional(),
  score: ScoreName.optional(),
});
export type CheckRequest = z.infer<typeof CheckRequest>;

/**
 * Why a verdict is not the score's alone. `nothing_written`: the picture holds no ink at all (blank
 * paper, a plain texture, a landscape), so it is not a digit; the verdict is reject, and the numbers are
 * the network's answer for the empty 28×28 it then sees. `several_digits`: the picture holds a number
 * of several digits, which `unsure read` (the Check view's digit boxes) reads digit by digit; the verdict
 * is reject, and the numbers are the network's answer for all the ink squeezed into one 28×28. Absent
 * on every other verdict.
 */
export const VerdictReason = z.enum(['nothing_written', 'several_digits']);
export type VerdictReason = z.infer<typeof VerdictReason>;

/** A class label (0…9 for MNIST) and one value per class, for a model of any dataset. */
const MAX_CLASSES = DatasetShape.shape.classes.maxValue ?? 1000;
const Label = z
  .number()
  .int()
  .min(0)
  .max(MAX_CLASSES - 1);
const PerClass = <T extends z.ZodTypeAny>(item: T) => z.array(item).min(2).max(MAX_CLASSES);

const SingleVerdict = z.object({
  file: z.string(),
  ok: z.literal(true),
  prediction: Label,
  probabilities: PerClass(z.number()),
  std: PerClass(z.number()),
  scores: Scores,
  score: z.number(),
  scoreName: ScoreName,
  threshold: z.number(),
  verdict: z.enum(['accept', 'reject']),
  reason: VerdictReason.optional(),
  /** accept (one digit), ambiguous (the set of digits it hesitates between) or not a digit. */
  outcome: Outcome,
  outcomeReason: OutcomeReason,
  /** The conformal prediction set, most probable first. */
  set: z.array(Label).max(MAX_CLASSES),
  /** Expected entropy of the samples (the writing is ambiguous), nats. */
  aleatoric: z.number(),
  /** Mutual information (the samples disagree: nothing like it was seen), nats. */
  epistemic: z.number(),
  /** Per digit, how many posterior samples answered it. */
  votes: z.array(z.number().int().min(0)).max(MAX_CLASSES),
  samples: z.number().int().min(1),
  /** The sets' stated coverage. */
  coverage: z.number(),
  /** The model trained on the calibration digits, so the stated coverage is optimistic. */
  coverageOptimistic: z.boolean(),
  /** For a model of named classes (not digits): the prediction's class name and the set's. */
  className: z.string().optional(),
  setNames: z.array(z.string()).max(MAX_CLASSES).optional(),
  /** The example the network saw (28×28 for MNIST), as a PNG data URL. */
  seenPng: z.string(),
});

/** A digit's place in the picture, in the picture's pixels (as shown, after EXIF rotation). */
export const DigitBox = z.object({
  left: z.number().int().min(0),
  top: z.number().int().min(0),
  width: z.number().int().min(1),
  height: z.number().int().min(1),
});
export type DigitBox = z.infer<typeof DigitBox>;

/** One digit of a number: every field of the single-digit verdict on it (bar the file), and its box. */
export const DigitVerdict = SingleVerdict.omit({ file: true }).extend({ box: DigitBox });
export type DigitVerdict = z.infer<typeof DigitVerdict>;

/** A picture read as a number (`unsure read`): `text` has "?" for each digit not accepted. */
export const NumberReading = z.object({
  text: z.string(),
  /** The picture's size as shown, the frame of the boxes. */
  size: z.object({ width: z.number().int().min(1), height: z.number().int().min(1) }),
  digits: z.array(DigitVerdict),
});
export type NumberReading = z.infer<typeof NumberReading>;

/** A verdict; a picture of several digits also carries them read one by one (`number`). */
export const Verdict = SingleVerdict.extend({ number: NumberReading.optional() });
export type Verdict = z.infer<typeof Verdict>;

export const FileFailure = z.object({ file: z.string(), ok: z.literal(false), error: ApiErrorSchema });
export type FileFailure = z.infer<typeof FileFailure>;

export const CheckResponse = z.object({
  modelId: z.string(),
  /** The model's classes, index = label (its dataset's names; "0"…"9" for MNIST): what verdicts name. */
  classNames: z.array(z.string()).min(2).max(MAX_CLASSES).optional(),
  results: z.array(z.discriminatedUnion('ok', [Verdict, FileFailure])),
});
export type CheckResponse = z.infer<typeof CheckResponse>;

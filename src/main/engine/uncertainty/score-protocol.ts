// Messages between the Node side and the engine's worker thread (scoring, and the other heavy jobs
// kept off the event loop: importing a posterior file, calibrating a model). Both ends parse every
// message.
import { z } from 'zod';
import type { PredictiveSummary } from '../../../shared/uncertainty/scores';

const Id = z.number().int().min(0);
const floats = z.custom<Float32Array>((v) => v instanceof Float32Array, 'expected a Float32Array');

/**
 * A split of the model's dataset (or the calibration split: its held-out training rows; the dataset
 * found in `dataRoot`, MNIST's without one), another dataset as a reference set (ood/reference-sets.ts)
 * or a shipped OOD set (the worker reads them), or the pixels of other images.
 */
export const ScoreInputs = z.union([
  z.object({ split: z.enum(['train', 'test', 'calibration']), dataRoot: z.string().min(1).optional() }),
  z.object({ otherDataset: z.string().min(1), dataRoot: z.string().min(1) }),
  z.object({ oodSet: z.string().min(1), dir: z.string().min(1) }),
  z.object({ pixels: floats }),
]);
export type ScoreInputs = z.infer<typeof ScoreInputs>;

/**
 * Main → worker: score a split of MNIST (the worker reads it) or given pixels; import an export
 * file's bytes (transferred, not copied) as a new model under `root`; calibrate the model in
 * `modelDir`; or cancel a scoring.
 */
/** A stored model an import is compared with (its name and folder; the worker reads its config there). */
export const ImportTwin = z.object({
  name: z.string(),
  dir: z.string().min(1),
});
export type ImportTwin = z.infer<typeof ImportTwin>;

export const ScoreCommand = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('score'),
    id: Id,
    modelDir: z.string().min(1),
    inputs: ScoreInputs,
    samples: z.number().int().min(1).max(1000),
  }),
  z.object({
    type: z.literal('import'),
    id: Id,
    root: z.string().min(1),
    bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'expected a Uint8Array'),
    now: z.number(),
    /** Stored models to compare with: an import holding the same weights as one of them is refused. */
    twins: z.array(ImportTwin),
  }),
  z.object({
    type: z.literal('calibrate'),
    id: Id,
    modelDir: z.string().min(1),
    /** The data folder: the model's dataset and the other datasets (its reference sets) are found there. */
    dataRoot: z.string().min(1).optional(),
  }),
  z.object({ type: z.literal('cancel'), id: Id }),
]);
export type ScoreCommand = z.infer<typeof ScoreCommand>;

const Summary = z.object({
  samples: z.number().int(),
  count: z.number().int(),
  classes: z.number().int(),
  meanProbs: floats,
  stdProbs: floats,
  predicted: z.custom<Int32Array>((v) => v instanceof Int32Array, 'expected an Int32Array'),
  std: floats,
  entropy: floats,
  mutualInformation: floats,
  maxProb: floats,
}) satisfies z.ZodType<PredictiveSummary>;

/** Worker → main. */
export const ScoreEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), id: Id, fraction: z.number().min(0).max(1) }),
  z.object({ type: z.literal('done'), id: Id, summary: Summary }),
  z.object({ type: z.literal('imported'), id: Id, model: z.object({ id: z.string(), dir: z.string() }) }),
  z.object({ type: z.literal('calibrated'), id: Id }),
  z.object({ type: z.literal('error'), id: Id, error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type ScoreEvent = z.infer<typeof ScoreEvent>;

/** The typed arrays of a summary, to transfer rather than copy. */
export function summaryBuffers(summary: PredictiveSummary): ArrayBuffer[] {
  const arrays = [summary.meanProbs, summary.stdProbs, summary.predicted, summary.std, summary.entropy];
  return [...arrays, summary.mutualInformation, summary.maxProb].map((a) => a.buffer as ArrayBuffer);
}

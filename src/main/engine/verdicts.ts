// Verdicts on user images, shared by `unsure check` and the app's Check view: each image prepared
// as MNIST was, S posterior samples for all readable images at once, the four scores, the
// model's threshold, ACCEPT or reject. One bad image never stops the others.
import type * as TF from '@tensorflow/tfjs';
import { calibrationThreshold, type ModelMeta, type UncertaintyScoreName } from '../../shared/model';
import { CodedError, type ApiError } from '../../shared/result';
import type { VerdictReason } from '../../shared/api/check';
import type { BackendChoice } from '../../shared/training';
import {
  exampleScores,
  orientedScore,
  summarizeSamples,
  type PredictiveSummary,
} from '../../shared/uncertainty/scores';
import { isRejected } from '../../shared/uncertainty/thresholds';
import { loadBackend } from './backend';
import { MNIST_SHAPE, inputSize } from '../../shared/data-shape';
import { contextFor, familyFor } from './families';
import type { BlockDraws, Predictor } from './families/family';
import { prepareImages, type ImageInput } from './image/prepare';
import type { LoadedModel } from './store';
import { summariseInBlocks, type PixelRows, type SampleOptions } from './uncertainty/predict';

/** Verdicts are reproducible: the same posterior samples for the same model and inputs. */
const SAMPLING_SEED = 0;
const PIXELS = inputSize(MNIST_SHAPE);
const CLASSES = MNIST_SHAPE.classes;

export type Verdict = {
  file: string;
  ok: true;
  prediction: number;
  probabilities: number[];
  std: number[];
  scores: { std: number; entropy: number; mutual_information: number; max_prob: number };
  score: number;
  threshold: number;
  verdict: 'accept' | 'reject';
  /** Set when the verdict is not the score's alone (see VerdictReason). */
  reason?: VerdictReason;
};
export type ImageFailure = { file: string; ok: false; error: ApiError };

/** An answer that is not a number is never an accept: it is reported as what it is. */
export const NO_ANSWER: ApiError = {
  code: 'non_finite_output',
  message:
    "the model's answer for this picture is not a number (its weights overflow), so it is not accepted",
};
/** A verdict plus the 28×28 PNG the network saw, for the UI. */
export type SeenVerdict = Verdict & { seenPng: Buffer };

export interface VerdictOptions {
  samples: number;
  score: UncertaintyScoreName;
  backend?: BackendChoice;
}

/** What sampling needs of a model: its tensors and the config naming its family and layers. */
export type PosteriorModel = Pick<LoadedModel, 'posterior'> & { meta: Pick<ModelMeta, 'config'> };

/** Draws of one block through sampleLogits, for families without a faster block sampler. */
function drawsOf(tf: typeof TF, predictor: Predictor, x: TF.Tensor2D, seed: number): BlockDraws {
  return {
    probs: (s) => tf.tidy(() => tf.softmax(predictor.sampleLogits(x, seed, s))),
    dispose: () => undefined,
  };
}

/** Mean and spread of S predictive samples' class probabilities for `inputs` (rows of the model's input size). */
export async function summarisePosterior(
  tf: typeof TF,
  model: PosteriorModel,
  inputs: PixelRows,
  samples: number,
  options: Pick<SampleOptions, 'onProgress' | 'signal'> = {},
): Promise<PredictiveSummary> {
  const { config } = model.meta;
  const ctx = contextFor(config);
  const predictor = familyFor(config).predictor(tf, ctx, model.posterior);
  try {
    const size = inputSize(ctx.shape);
    const count = inputs.length / size;
    if (inputs instanceof Float32Array && predictor.sampleProbs && predictor.sampleProbsPays?.(count)) {
      const probs = tf.tidy(() =>
        predictor.sampleProbs!(tf.tensor2d(inputs, [count, size]), samples, SAMPLING_SEED),
      );
      const values = (await probs.data()) as Float32Array;
      probs.dispose();
      return summarizeSamples(values, samples, count, ctx.shape.classes);
    }
    const samplerFor = (x: TF.Tensor2D) =>
      predictor.blockSampler?.(x, SAMPLING_SEED) ?? drawsOf(tf, predictor, x, SAMPLING_SEED);
    return await summariseInBlocks(tf, samplerFor, inputs, { ...options, samples });
  } finally {
    predictor.dispose();
  }
}

/** The model's calibrated threshold for `score`; a model without one cannot give verdicts. */
export function modelThreshold(model: LoadedModel, score: UncertaintyScoreName): number {
  const threshold = calibrationThreshold(model.meta.calibration, score);
  if (threshold === null) {
    throw new CodedError('model_invalid', `model ${model.meta.id} has no calibrated threshold for ${score}`);
  }
  return threshold;
}

/** What a verdict needs of the prepared picture beyond its pixels. */
type Seen = { written: boolean; png: Buffer; several?: boolean };

/**
 * The verdict on row `row` of `summary`, or null when the model's answer is not a number. Nothing
 * written, or several digits, is never an accept, whatever the network makes of the picture.
 */
export function verdictAt(
  summary: PredictiveSummary,
  row: number,
  threshold: number,
  options: Pick<VerdictOptions, 'score'>,
  seen: Seen,
): Omit<SeenVerdict, 'file'> | null {
  const scores = exampleScores(summary, row);
  const score = orientedScore(scores, options.score);
  if (!Number.isFinite(score) || !Number.isFinite(scores.max_prob)) return null;
  const reason = !seen.written ? 'nothing_written' : seen.several ? 'several_digits' : undefined;
  return {
    ok: true,
    prediction: summary.predicted[row]!,
    probabilities: Array.from(summary.meanProbs.subarray(row * CLASSES, (row + 1) * CLASSES)),
    std: Array.from(summary.stdProbs.subarray(row * CLASSES, (row + 1) * CLASSES)),
    scores,
    score,
    threshold,
    verdict: reason === undefined && !isRejected(score, threshold) ? 'accept' : 'reject',
    ...(reason ? { reason } : {}),
    seenPng: seen.png,
  };
}

/** Judges every image (a path or its bytes), returning one result per image in order. */
export async function judgeImages(
  model: LoadedModel,
  images: readonly { name: string; input: ImageInput }[],
  options: VerdictOptions,
): Promise<(SeenVerdict | ImageFailure)[]> {
  const threshold = modelThreshold(model, options.score);
  const { tf } = await loadBackend(options.backend);
  const prepared = await prepareImages(images.map((i) => i.input));
  const readable = prepared.flatMap((r) => (r.ok ? [r.value] : []));
  const inputs = new Float32Array(readable.length * PIXELS);
  readable.forEach((image, row) => inputs.set(image.pixels, row * PIXELS));
  const summary = readable.length > 0 ? await summarisePosterior(tf, model, inputs, options.samples) : null;
  let row = 0;
  return prepared.map((result, i): SeenVerdict | ImageFailure => {
    const file = images[i]!.name;
    if (!result.ok) return { file, ok: false, error: result.error };
    if (!summary) return { file, ok: false, error: { code: 'internal', message: 'no prediction' } };
    const { written, png, digits } = result.value;
    const verdict = verdictAt(summary, row++, threshold, options, {
      written,
      png,
      several: digits.length > 1,
    });
    return verdict ? { file, ...verdict } : { file, ok: false, error: NO_ANSWER };
  });
}

// Verdicts on user images, shared by `unsure check` and the app's Check view: each image prepared
// by its model's dataset's picture rule (./image/preparation.ts), S posterior samples for all readable images at once, the four scores, and the
// outcome (accept, ambiguous with its set, not a digit) from the one rule. One bad image never
// stops the others.
import type * as TF from '@tensorflow/tfjs';
import { calibrationThreshold, type UncertaintyScoreName } from '../../shared/model';
import { CodedError, type ApiError } from '../../shared/result';
import type { VerdictReason } from '../../shared/api/check';
import type { Outcome, OutcomeReason } from '../../shared/outcomes';
import type { BackendChoice } from '../../shared/training';
import {
  exampleScores,
  orientedScore,
  type ExampleScores,
  type PredictiveSummary,
} from '../../shared/uncertainty/scores';
import { loadBackend } from './backend';
import { inputSize } from '../../shared/data-shape';
import { modelDataset } from '../../shared/model';
import { digitClasses } from '../../shared/outcomes';
import { DEFAULT_IMAGE_LIMITS, prepareImages, type ImageInput, type PreparedImage } from './image/prepare';
import { pictureRule, readsNumbers, type PictureRule } from './image/preparation';
import {
  aleatoricOf,
  outcomeCalibrationOf,
  ruleCalibration,
  type StoredOutcomeCalibration,
} from './outcomes/calibrate';
import { decideOutcome, type OutcomeCalibration } from './outcomes/rule';
import type { LoadedModel } from './store';
import { summarisePosterior } from './uncertainty/summarise';
import { chooseReading } from './readings';

export { summarisePosterior, type PosteriorModel } from './uncertainty/summarise';

/** Everything the model says about one picture: its answer, scores, outcome and votes. */
export interface RowJudgement {
  prediction: number;
  probabilities: number[];
  std: number[];
  scores: ExampleScores;
  /** Expected entropy of the samples: the writing itself is ambiguous (nats). */
  aleatoric: number;
  /** Mutual information: the samples disagree, nothing like it was seen (nats). */
  epistemic: number;
  /** Per digit, how many of the samples had it as their answer. */
  votes: number[];
  outcome: Outcome;
  outcomeReason: OutcomeReason;
  /** The conformal set, most probable first. */
  set: number[];
}

export type Verdict = RowJudgement & {
  file: string;
  ok: true;
  score: number;
  threshold: number;
  /** accept exactly when the outcome is accept. */
  verdict: 'accept' | 'reject';
  /** Set when the verdict is not the score's alone (see VerdictReason). */
  reason?: VerdictReason;
  samples: number;
  /** The sets' stated coverage (0.99). */
  coverage: number;
  /** The model trained on the calibration digits: the stated coverage is optimistic. */
  coverageOptimistic: boolean;
  /** For a model of named classes (not digits): the prediction's and the set's class names. */
  className?: string;
  setNames?: string[];
};
export type ImageFailure = { file: string; ok: false; error: ApiError };

/** An answer that is not a number is never an accept: it is reported as what it is. */
export const NO_ANSWER: ApiError = {
  code: 'non_finite_output',
  message:
    "the model's answer for this picture is not a number (its weights overflow), so it is not accepted",
};
/** A verdict plus the PNG of the example the network saw (28×28 for MNIST), for the UI. */
export type SeenVerdict = Verdict & { seenPng: Buffer };

export interface VerdictOptions {
  samples: number;
  score: UncertaintyScoreName;
  backend?: BackendChoice;
  /** Judge by this threshold instead of the model's calibrated one (a guaranteed threshold, say). */
  threshold?: number;
}

/** The model's calibrated threshold for `score`; a model without one cannot give verdicts. */
export function modelThreshold(model: LoadedModel, score: UncertaintyScoreName): number {
  const threshold = calibrationThreshold(model.meta.calibration, score);
  if (threshold === null) {
    throw new CodedError('model_invalid', `model ${model.meta.id} has no calibrated threshold for ${score}`);
  }
  return threshold;
}

/**
 * Row `row` of a summary judged by the rule; `written` is false for a picture with no ink, `several`
 * true for one holding several digits, and `gate` the score and threshold the user judges by (past
 * it: not a digit).
 */
export function judgeRow(
  summary: PredictiveSummary,
  row: number,
  written: boolean,
  cal: OutcomeCalibration,
  { gate, several }: { gate?: { score: UncertaintyScoreName; threshold: number }; several?: boolean } = {},
): RowJudgement {
  const classes = summary.classes;
  const of = (values: ArrayLike<number> & { subarray(a: number, b: number): ArrayLike<number> }) =>
    Array.from(values.subarray(row * classes, (row + 1) * classes));
  const probabilities = of(summary.meanProbs);
  const aleatoric = aleatoricOf(summary, row);
  const epistemic = summary.mutualInformation[row]!;
  const scores = exampleScores(summary, row);
  const beyondThreshold = gate ? !(orientedScore(scores, gate.score) <= gate.threshold) : false;
  const decision = decideOutcome(
    { written, several, probs: probabilities, aleatoric, epistemic, beyondThreshold },
    cal,
  );
  return {
    prediction: summary.predicted[row]!,
    probabilities,
    std: of(summary.stdProbs),
    scores,
    aleatoric,
    epistemic,
    votes: summary.votes ? of(summary.votes) : [],
    outcome: decision.outcome,
    outcomeReason: decision.reason,
    set: decision.set,
  };
}

/** What judging a model's rows needs: its threshold and outcome calibration, fixed once per batch. */
export interface Judging {
  options: Pick<VerdictOptions, 'score' | 'samples'>;
  threshold: number;
  stored: StoredOutcomeCalibration;
  cal: OutcomeCalibration;
  /** The model's class names when they are not digits (verdicts then name them). */
  names?: readonly string[];
}

export async function judgingFor(
  tf: typeof TF,
  model: LoadedModel,
  options: VerdictOptions,
): Promise<Judging> {
  const threshold = options.threshold ?? modelThreshold(model, options.score);
  const stored = await outcomeCalibrationOf(tf, model);
  // A guaranteed threshold replaces the model's own "not a digit" limit: the promise (a share of
  // digits kept, or accepted wrong) is about that threshold alone. Otherwise both apply.
  const own = ruleCalibration(stored);
  const cal = options.threshold === undefined ? own : { ...own, limit: Number.POSITIVE_INFINITY };
  const { classNames } = modelDataset(model.meta);
  return { options, threshold, stored, cal, ...(digitClasses(classNames) ? {} : { names: classNames }) };
}

function namesOf(judged: RowJudgement, names: readonly string[]) {
  return { className: names[judged.prediction]!, setNames: judged.set.map((label) => names[label]!) };
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
  judging: Judging,
  seen: Seen,
): Omit<SeenVerdict, 'file'> | null {
  const { options, threshold, stored } = judging;
  const gate = { score: options.score, threshold };
  const judged = judgeRow(summary, row, seen.written, judging.cal, { gate, several: seen.several });
  const score = orientedScore(judged.scores, options.score);
  if (!Number.isFinite(score) || !Number.isFinite(judged.scores.max_prob)) return null;
  const reason =
    judged.outcomeReason === 'nothing_written' || judged.outcomeReason === 'several_digits'
      ? judged.outcomeReason
      : undefined;
  return {
    ok: true,
    ...judged,
    score,
    threshold,
    verdict: judged.outcome === 'accept' ? 'accept' : 'reject',
    ...(reason ? { reason } : {}),
    samples: options.samples,
    coverage: stored.coverage,
    coverageOptimistic: stored.seenInTraining,
    ...(judging.names ? namesOf(judged, judging.names) : {}),
    seenPng: seen.png,
  };
}

/**
 * Prepares every image and samples the posterior once for the rows `rowsOf` takes from each readable
 * one (the picture, or each digit on it); `next` judges those rows in that order.
 */
export async function judgePrepared(
  model: LoadedModel,
  images: readonly { name: string; input: ImageInput }[],
  options: VerdictOptions,
  rowsOf: (image: PreparedImage) => readonly { pixels: Float32Array }[],
) {
  const { tf } = await loadBackend(options.backend);
  const judging = await judgingFor(tf, model, options);
  const rule = modelPictureRule(model);
  const prepared = await prepareImages(
    images.map((i) => i.input),
    DEFAULT_IMAGE_LIMITS,
    rule,
  );
  const rows = prepared.flatMap((r) => (r.ok ? rowsOf(r.value) : []));
  const size = inputSize(rule.shape);
  const inputs = new Float32Array(rows.length * size);
  rows.forEach((image, row) => inputs.set(image.pixels, row * size));
  const summary = rows.length > 0 ? await summarisePosterior(tf, model, inputs, options.samples) : null;
  let row = 0;
  const next = (seen: Seen) => (summary ? verdictAt(summary, row++, judging, seen) : null);
  return { prepared, next };
}

/** How pictures are prepared for `model`: its dataset's picture rule. */
export function modelPictureRule(model: Pick<LoadedModel, 'meta'>): PictureRule {
  return pictureRule(modelDataset(model.meta));
}

/** Judges every image (a path or its bytes), returning one result per image in order. */
export async function judgeImages(
  model: LoadedModel,
  images: readonly { name: string; input: ImageInput }[],
  options: VerdictOptions,
): Promise<(SeenVerdict | ImageFailure)[]> {
  // Several characters on one picture are a number to read only where numbers are read (digits).
  const numbers = readsNumbers(modelPictureRule(model));
  // A piece of ink that may be one digit or two is judged both ways first (../readings.ts).
  const both = (image: PreparedImage) =>
    numbers && image.alternative.length > 0 ? [...image.digits, ...image.alternative] : [];
  const { prepared, next } = await judgePrepared(model, images, options, (image) => [...both(image), image]);
  return prepared.map((result, i): SeenVerdict | ImageFailure => {
    const file = images[i]!.name;
    if (!result.ok) return { file, ok: false, error: result.error };
    const { written, png, digits, alternative } = result.value;
    const judged = both(result.value).map((digit) => next({ written: true, png: digit.png }));
    const reading = chooseReading(judged.slice(0, digits.length), judged.slice(digits.length));
    const count = reading === 'found' ? digits.length : alternative.length;
    const verdict = next({ written, png, several: numbers && count > 1 });
    return verdict ? { file, ...verdict } : { file, ok: false, error: NO_ANSWER };
  });
}

// Fits a model's outcome calibration on the calibration split (held-out training digits): the
// conformal quantile of the sets, and which part of the uncertainty says "not a digit" with its
// limit. Stored with the model's calibration; a model calibrated before it gets it on demand.
import type * as TF from '@tensorflow/tfjs';
import { z } from 'zod';
import { UncertaintyPart } from '../../../shared/outcomes';
import { auroc, type PredictiveSummary } from '../../../shared/uncertainty';
import { calibrationSeenInTraining, calibrationSplit } from '../evaluate/calibration-split';
import { loadOodSets, type OodSet } from '../ood/sets';
import { modelDataset } from '../../../shared/model';
import { CodedError } from '../../../shared/result';
import type { Dataset } from '../datasets/dataset';
import { mnistDataset } from '../datasets/mnist';
import { summarisePosterior, type PosteriorModel } from '../verdicts';
import {
  conformalQuantile,
  predictionSet,
  secondProbability,
  trueClassRanks,
  trueClassScores,
} from './conformal';
import { inAmbiguousGroup, type OutcomeCalibration } from './rule';

/** The sets' stated coverage unless asked otherwise. */
export const DEFAULT_COVERAGE = 0.99;
/**
 * At most this share of held-out digits is beyond the "not a digit" limit (the limit is the
 * part's conformal quantile at 1 − this, so a new digit passes it with probability ≥ 99.5%).
 */
export const NOT_A_DIGIT_RATE = 0.005;

/**
 * A limit that may be infinite: too few calibration examples for the coverage asked (a small
 * dataset's held-out rows) put it at +∞, which JSON writes as null.
 */
const Limit = z.union([z.number(), z.null().transform(() => Number.POSITIVE_INFINITY)]);

/** What model.json keeps under `calibration.outcomes`. */
export const StoredOutcomeCalibration = z.object({
  coverage: z.number().gt(0).lt(1),
  quantile: Limit,
  part: UncertaintyPart,
  limit: Limit,
  /** The ambiguous group (see OutcomeCalibration) and how many calibration digits it holds. */
  ambiguous: z.object({
    from: z.number().min(0).max(1),
    size: z.number().int().positive(),
    calibrationDigits: z.number().int().nonnegative(),
  }),
  /** Mean AUROC of each part, calibration digits against the OOD sets measured (null without sets). */
  auroc: z.object({ aleatoric: z.number().nullable(), epistemic: z.number().nullable() }),
  calibrationDigits: z.number().int().positive(),
  /** The model trained on the calibration digits: the coverage is optimistic. */
  seenInTraining: z.boolean(),
  samples: z.number().int().positive(),
});
export type StoredOutcomeCalibration = z.infer<typeof StoredOutcomeCalibration>;

/** Expected entropy of the samples: total entropy minus mutual information. */
export function aleatoricOf(summary: PredictiveSummary, row: number): number {
  return summary.entropy[row]! - summary.mutualInformation[row]!;
}

function partValues(summary: PredictiveSummary, part: UncertaintyPart): Float64Array {
  return Float64Array.from({ length: summary.count }, (_, i) =>
    part === 'aleatoric' ? aleatoricOf(summary, i) : summary.mutualInformation[i]!,
  );
}

function meanAuroc(digits: PredictiveSummary, ood: readonly PredictiveSummary[], part: UncertaintyPart) {
  if (ood.length === 0) return null;
  const inScores = partValues(digits, part);
  return ood.reduce((sum, set) => sum + auroc(inScores, partValues(set, part)), 0) / ood.length;
}

/** The fewest calibration digits for which a set at coverage 1 − α is not every digit. */
export function fewestForCoverage(alpha: number): number {
  let n = 1;
  while (Math.ceil((n + 1) * (1 - alpha)) > n) n++;
  return n;
}

/**
 * The ambiguous group and its set, fitted on the calibration digits that pass the "not a digit"
 * limit. The group is those whose overall set holds several digits, widened (by the second most
 * probable answer, the closest runner-up first) to the fewest digits for which a group set at
 * `coverage` exists: the smallest ambiguous share that can keep the promise. The set size is the
 * group's conformal quantile of the true digit's rank (every digit when the split is too small).
 */
export function fitAmbiguous(
  digits: PredictiveSummary,
  labels: ArrayLike<number>,
  passing: (row: number) => boolean,
  quantile: number,
  coverage: number,
): StoredOutcomeCalibration['ambiguous'] {
  const { classes, meanProbs } = digits;
  const probsOf = (i: number) => meanProbs.subarray(i * classes, (i + 1) * classes);
  const rows = Array.from({ length: digits.count }, (_, i) => i).filter(passing);
  const seconds = rows.map((i) => secondProbability(probsOf(i))).sort((a, b) => b - a);
  const fewest = fewestForCoverage(1 - coverage);
  const from = seconds.length >= fewest ? seconds[fewest - 1]! : 0;
  const group = rows.filter((i) => inAmbiguousGroup(probsOf(i), predictionSet(probsOf(i), quantile), from));
  const ranks = trueClassRanks(
    Float32Array.from(group.flatMap((i) => Array.from(probsOf(i)))),
    group.map((i) => labels[i]!),
    classes,
  );
  const rank = group.length > 0 ? conformalQuantile(ranks, 1 - coverage) : Infinity;
  return { from, size: Math.min(rank, classes), calibrationDigits: group.length };
}

/**
 * The calibration from summaries of the calibration digits (with their labels) and of OOD sets.
 * The "not a digit" part is the one that separates the OOD sets from the digits better; without
 * sets, aleatoric (outlier exposure, which most recipes use, makes non-digits' answers flat rather
 * than disputed: see the README's figures).
 */
export function fitOutcomes(
  digits: PredictiveSummary,
  labels: ArrayLike<number>,
  ood: readonly PredictiveSummary[],
  { coverage = DEFAULT_COVERAGE, seenInTraining }: { coverage?: number; seenInTraining: boolean },
): StoredOutcomeCalibration {
  const quantile = conformalQuantile(trueClassScores(digits.meanProbs, labels, digits.classes), 1 - coverage);
  const aurocs = {
    aleatoric: meanAuroc(digits, ood, 'aleatoric'),
    epistemic: meanAuroc(digits, ood, 'epistemic'),
  };
  const part: UncertaintyPart = (aurocs.epistemic ?? 0) > (aurocs.aleatoric ?? 0) ? 'epistemic' : 'aleatoric';
  const values = partValues(digits, part);
  const limit = conformalQuantile(values, NOT_A_DIGIT_RATE);
  const passing = (i: number) => values[i]! <= limit && Number.isFinite(digits.mutualInformation[i]!);
  return {
    coverage,
    quantile,
    part,
    limit,
    ambiguous: fitAmbiguous(digits, labels, passing, quantile, coverage),
    auroc: aurocs,
    calibrationDigits: digits.count,
    seenInTraining,
    samples: digits.samples,
  };
}

/** Samples the model over the calibration split of its dataset (MNIST's by default) and `oodSets`, then fits. */
export async function calibrateOutcomes(
  tf: typeof TF,
  model: PosteriorModel,
  oodSets: readonly OodSet[],
  samples: number,
  dataset: Dataset = mnistDataset,
): Promise<StoredOutcomeCalibration> {
  const split = calibrationSplit(dataset);
  const digits = await summarisePosterior(tf, model, split.pixels, samples);
  const ood: PredictiveSummary[] = [];
  for (const set of oodSets) ood.push(await summarisePosterior(tf, model, set.pixels, samples));
  return fitOutcomes(digits, split.labels, ood, {
    seenInTraining: calibrationSeenInTraining(model.meta.config, modelDataset(model.meta)),
  });
}

const onDemand = new Map<string, Promise<StoredOutcomeCalibration>>();

/**
 * The model's stored outcome calibration, or (for a model calibrated before outcomes existed, or
 * whose stored one does not parse) one fitted now with the shipped OOD sets, kept for the process.
 */
export function outcomeCalibrationOf(
  tf: typeof TF,
  model: PosteriorModel & {
    meta: { id: string; updatedAt: string; calibration: { samples?: number } | null };
  },
): Promise<StoredOutcomeCalibration> {
  const stored = StoredOutcomeCalibration.safeParse(
    (model.meta.calibration as Record<string, unknown> | null)?.outcomes,
  );
  if (stored.success) return Promise.resolve(stored.data);
  const { name } = modelDataset(model.meta);
  if (name !== mnistDataset.manifest.name) {
    // Fitting needs the model's dataset, which may be gone: calibrating again stores it.
    return Promise.reject(
      new CodedError(
        'model_uncalibrated',
        `model ${model.meta.id} (dataset "${name}") has no outcome calibration; calibrate it again`,
      ),
    );
  }
  const key = `${model.meta.id}@${model.meta.updatedAt}`;
  let fitted = onDemand.get(key);
  if (!fitted) {
    const sets = loadOodSets();
    fitted = calibrateOutcomes(tf, model, sets.ok ? sets.value : [], model.meta.calibration?.samples ?? 100);
    // A failure is not kept: the next check tries again.
    fitted.catch(() => onDemand.delete(key));
    onDemand.set(key, fitted);
  }
  return fitted;
}

/** The rule's view of a stored calibration. */
export function ruleCalibration(stored: StoredOutcomeCalibration): OutcomeCalibration {
  const { coverage, quantile, part, limit, ambiguous } = stored;
  return { coverage, quantile, part, limit, ambiguous: { from: ambiguous.from, size: ambiguous.size } };
}

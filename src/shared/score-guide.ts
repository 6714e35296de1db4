// What each uncertainty score means in one plain line, and which ones separate digits from non-digits
// poorly for a given model, judged by that model's own calibration (per-score AUROC on its OOD sets).
import {
  calibrationThreshold,
  type Calibration,
  type ScoreSeparation,
  type UncertaintyScoreName,
} from './model';

export const SCORE_GUIDE: Record<UncertaintyScoreName, { label: string; explains: string }> = {
  entropy: {
    label: 'Entropy',
    explains: 'how evenly the averaged answer spreads over the ten digits',
  },
  max_prob: {
    label: 'Top probability',
    explains: "how far below 100% the averaged answer's likeliest digit is",
  },
  std: {
    label: 'Sample spread (std)',
    explains: "how much the posterior samples disagree about the chosen digit (the article's score)",
  },
  mutual_information: {
    label: 'Mutual information',
    explains: 'how much the posterior samples disagree with each other, beyond a hard-to-read digit',
  },
};

/** A score whose mean AUROC trails the best score's by more than this separates poorly. */
export const POOR_AUROC_GAP = 0.05;

/** The scores in the order they are offered: the usual best separators first. */
export const SCORE_ORDER = Object.keys(SCORE_GUIDE) as UncertaintyScoreName[];

/**
 * Per score that has a threshold: the mean over the model's stored OOD sets of its AUROC and of the
 * share of them its threshold rejects.
 */
export function scoreSeparation(
  calibration: Calibration | null,
): Partial<Record<UncertaintyScoreName, ScoreSeparation>> {
  const sets = Object.values(calibration?.ood ?? {});
  const out: Partial<Record<UncertaintyScoreName, ScoreSeparation>> = {};
  for (const name of SCORE_ORDER) {
    const metrics = sets.flatMap((set) => (set.scores?.[name] ? [set.scores[name]] : []));
    const usable = metrics.length > 0 && metrics.length === sets.length;
    if (!usable || calibrationThreshold(calibration, name) === null) continue;
    const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
    const rejected = metrics.flatMap((m) => (m.rejected === undefined ? [] : [m.rejected]));
    out[name] = {
      auroc: mean(metrics.map((m) => m.auroc)),
      rejected: rejected.length === metrics.length ? mean(rejected) : null,
    };
  }
  return out;
}

/** The score with the highest mean AUROC among `candidates`, if any has one. */
export function bestScore(
  separation: Partial<Record<UncertaintyScoreName, ScoreSeparation>>,
  candidates: readonly UncertaintyScoreName[] = SCORE_ORDER,
): UncertaintyScoreName | null {
  let best: UncertaintyScoreName | null = null;
  for (const name of candidates) {
    const auroc = separation[name]?.auroc;
    if (auroc !== undefined && (best === null || auroc > separation[best]!.auroc)) best = name;
  }
  return best;
}

/** True when `name` trails the best score's AUROC by more than POOR_AUROC_GAP. */
export function separatesPoorly(
  separation: Partial<Record<UncertaintyScoreName, ScoreSeparation>>,
  name: UncertaintyScoreName,
): boolean {
  const best = bestScore(separation);
  const own = separation[name]?.auroc;
  return best !== null && own !== undefined && separation[best]!.auroc - own > POOR_AUROC_GAP;
}

/** `own` unless it separates poorly, then the best-separating score. */
export function preferredScore(
  own: UncertaintyScoreName,
  separation: Partial<Record<UncertaintyScoreName, ScoreSeparation>>,
): UncertaintyScoreName {
  return separatesPoorly(separation, own) ? (bestScore(separation) ?? own) : own;
}

/**
 * The score verdicts use when none is asked for: the calibration's own, unless it separates poorly,
 * then the best-separating one ('std' for a model without calibration, which has no threshold anyway).
 */
export function defaultScore(calibration: Calibration | null): UncertaintyScoreName {
  return calibration ? preferredScore(calibration.score, scoreSeparation(calibration)) : 'std';
}

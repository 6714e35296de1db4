// Predictive uncertainty from S posterior samples of class probabilities. Pure TypeScript over typed
// arrays (no tfjs, no Node) so the renderer can use it too; plain loops because 10k × 100 × 10 must be fast.
import { MNIST_SHAPE } from '../data-shape';

/** The four uncertainty scores every verdict reports. */
export const SCORE_NAMES = ['std', 'entropy', 'mutual_information', 'max_prob'] as const;
export type ScoreName = (typeof SCORE_NAMES)[number];

/** Short names accepted on the command line (`--score mi`), mapped to the reported names. */
const SCORE_ALIASES: Record<string, ScoreName> = {
  std: 'std',
  entropy: 'entropy',
  mi: 'mutual_information',
  mutual_information: 'mutual_information',
  maxprob: 'max_prob',
  max_prob: 'max_prob',
};

/** Parses a score name or alias (std, entropy, mi, maxprob); null when unknown. */
export function parseScoreName(text: string): ScoreName | null {
  return SCORE_ALIASES[text.toLowerCase()] ?? null;
}

/** Per-example summary of S posterior samples; every per-class array is [N, classes] row-major. */
export interface PredictiveSummary {
  samples: number;
  count: number;
  classes: number;
  /** Mean over samples of the class probabilities. */
  meanProbs: Float32Array;
  /** Population standard deviation over samples (like jnp.std) per class. */
  stdProbs: Float32Array;
  /** Arg-max of the mean probabilities (lowest index on ties). */
  predicted: Int32Array;
  /** Std of the predicted class: the article's score. */
  std: Float32Array;
  /** Entropy of the mean probabilities, in nats. */
  entropy: Float32Array;
  /** Entropy of the mean minus the mean entropy of the samples (epistemic part), in nats. */
  mutualInformation: Float32Array;
  /** Largest mean probability (reported as is; its score is 1 − max_prob). */
  maxProb: Float32Array;
  /** Per example and class, how many samples had it as their arg-max [count, classes] (when counted). */
  votes?: Uint16Array;
}

/** The four scores of one example, as reported in JSON (max_prob is the probability, not 1 − it). */
export interface ExampleScores {
  std: number;
  entropy: number;
  mutual_information: number;
  max_prob: number;
}

/** p·log p, with 0·log 0 = 0; NaN stays NaN, so an answer that is not a number never looks certain. */
function plogp(p: number): number {
  if (p > 0) return p * Math.log(p);
  return p === 0 ? 0 : Number.NaN;
}

/**
 * Summarises sample-major probabilities `probs` of shape [samples, count, classes]: mean, population std,
 * predicted class and the four scores per example.
 */
export function summarizeSamples(
  probs: Float32Array,
  samples: number,
  count: number,
  classes = MNIST_SHAPE.classes,
): PredictiveSummary {
  const row = count * classes;
  if (samples < 1 || probs.length !== samples * row) {
    throw new RangeError(`expected ${samples}×${count}×${classes} probabilities, got ${probs.length}`);
  }
  const sums = new SampleSums(count, classes);
  for (let s = 0; s < samples; s++) sums.add(probs.subarray(s * row, (s + 1) * row));
  return sums.summary(samples);
}

/**
 * Running sums of posterior samples' class probabilities, so that S samples of N examples are
 * summarised without holding S × N × classes values: each sample of a block of rows is added
 * as it is drawn, then `summary(S)` once every row has all S.
 */
export class SampleSums {
  private readonly sum: Float64Array;
  private readonly sumSq: Float64Array;
  private readonly sampleEntropySum: Float64Array;
  private readonly votes: Uint16Array;

  constructor(
    readonly count: number,
    readonly classes = MNIST_SHAPE.classes,
  ) {
    this.sum = new Float64Array(count * classes);
    this.sumSq = new Float64Array(count * classes);
    this.sampleEntropySum = new Float64Array(count);
    this.votes = new Uint16Array(count * classes);
  }

  /** Adds one sample's probabilities [rows, classes] for the rows starting at `firstRow`. */
  add(probs: Float32Array, firstRow = 0): void {
    const { classes, sum, sumSq, sampleEntropySum, votes } = this;
    const rows = probs.length / classes;
    if (!Number.isInteger(rows) || firstRow < 0 || firstRow + rows > this.count)
      throw new RangeError(`${probs.length} probabilities do not fit from row ${firstRow} of ${this.count}`);
    for (let r = 0; r < rows; r++) {
      const off = (firstRow + r) * classes;
      let negEntropy = 0;
      let vote = -1;
      for (let c = 0; c < classes; c++) {
        const p = probs[r * classes + c]!;
        sum[off + c]! += p;
        sumSq[off + c]! += p * p;
        negEntropy += plogp(p);
        // A sample that is not a number votes for nothing.
        if (p === p && (vote < 0 || p > probs[r * classes + vote]!)) vote = c;
      }
      sampleEntropySum[firstRow + r]! -= negEntropy;
      if (vote >= 0) votes[off + vote]!++;
    }
  }

  /** The summary, given that every row received `samples` samples. */
  summary(samples: number): PredictiveSummary {
    const summary = finishSummary(
      this.sum,
      this.sumSq,
      this.sampleEntropySum,
      samples,
      this.count,
      this.classes,
    );
    return { ...summary, votes: this.votes };
  }
}

function finishSummary(
  sum: Float64Array,
  sumSq: Float64Array,
  sampleEntropySum: Float64Array,
  samples: number,
  count: number,
  classes: number,
): PredictiveSummary {
  const meanProbs = new Float32Array(count * classes);
  const stdProbs = new Float32Array(count * classes);
  const predicted = new Int32Array(count);
  const std = new Float32Array(count);
  const entropy = new Float32Array(count);
  const mutualInformation = new Float32Array(count);
  const maxProb = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const off = i * classes;
    let best = 0;
    let bestP = -Infinity;
    let negEntropy = 0;
    let finite = true;
    for (let c = 0; c < classes; c++) {
      const mean = sum[off + c]! / samples;
      finite &&= Number.isFinite(mean);
      // Float64 sums of values in [0, 1] keep E[p²] − E[p]² accurate; clamp the rounding residue.
      const variance = Math.max(0, sumSq[off + c]! / samples - mean * mean);
      meanProbs[off + c] = mean;
      stdProbs[off + c] = Math.sqrt(variance);
      negEntropy += plogp(mean);
      if (mean > bestP) {
        bestP = mean;
        best = c;
      }
    }
    predicted[i] = best;
    std[i] = stdProbs[off + best]!;
    entropy[i] = -negEntropy;
    mutualInformation[i] = Math.max(0, -negEntropy - sampleEntropySum[i]! / samples);
    maxProb[i] = finite ? bestP : Number.NaN;
  }
  return {
    samples,
    count,
    classes,
    meanProbs,
    stdProbs,
    predicted,
    std,
    entropy,
    mutualInformation,
    maxProb,
  };
}

/** How many examples got an answer that is not a number (a posterior that overflows): never usable. */
export function countNonFinite(summary: PredictiveSummary): number {
  let bad = 0;
  for (let i = 0; i < summary.count; i++) {
    if (!Number.isFinite(summary.entropy[i]!) || !Number.isFinite(summary.maxProb[i]!)) bad++;
  }
  return bad;
}

/** The per-example values of one score, oriented so that higher always means less sure. */
export function scoreValues(summary: PredictiveSummary, name: ScoreName): Float32Array {
  switch (name) {
    case 'std':
      return summary.std;
    case 'entropy':
      return summary.entropy;
    case 'mutual_information':
      return summary.mutualInformation;
    case 'max_prob':
      return summary.maxProb.map((p) => 1 - p);
  }
}

/** The four scores of example `index` in reporting form. */
export function exampleScores(summary: PredictiveSummary, index: number): ExampleScores {
  return {
    std: summary.std[index]!,
    entropy: summary.entropy[index]!,
    mutual_information: summary.mutualInformation[index]!,
    max_prob: summary.maxProb[index]!,
  };
}

/** The score a verdict compares with its threshold (higher = less sure; 1 − max_prob for max_prob). */
export function orientedScore(scores: ExampleScores, name: ScoreName): number {
  return name === 'max_prob' ? 1 - scores.max_prob : scores[name];
}

/**
 * The range every value of a score lies in with `classes` classes, so that histograms of different
 * models share their bins: a probability's spread over samples is at most 1/2, an entropy or mutual
 * information at most ln(classes), and 1 − max_prob at most 1 − 1/classes.
 */
export function scoreRange(name: ScoreName, classes: number): [number, number] {
  switch (name) {
    case 'std':
      return [0, 0.5];
    case 'entropy':
    case 'mutual_information':
      return [0, Math.log(classes)];
    case 'max_prob':
      return [0, 1 - 1 / classes];
  }
}

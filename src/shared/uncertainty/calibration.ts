// Calibration of the mean predictive distribution: does a confidence of 0.8 mean 80% correct?

export interface ReliabilityBin {
  /** Confidence range (lower, upper]; the first bin also holds confidence 0. */
  lower: number;
  upper: number;
  count: number;
  /** Mean confidence (max mean probability) in the bin; null when empty (JSON-safe). */
  confidence: number | null;
  /** Fraction correct in the bin; null when empty. */
  accuracy: number | null;
}

export interface CalibrationReport {
  /** Expected calibration error: Σ_bins (count/n) · |accuracy − confidence|. */
  ece: number;
  bins: ReliabilityBin[];
}

/** ECE and reliability-diagram bins from per-example confidence and correctness, equal-width bins. */
export function calibrationReport(
  confidence: ArrayLike<number>,
  correct: ArrayLike<boolean | number>,
  binCount = 15,
): CalibrationReport {
  if (confidence.length !== correct.length) throw new RangeError('confidence and correct differ in length');
  const counts = new Float64Array(binCount);
  const confSum = new Float64Array(binCount);
  const correctSum = new Float64Array(binCount);
  for (let i = 0; i < confidence.length; i++) {
    const c = Math.min(1, Math.max(0, confidence[i]!));
    // Bins are (k/B, (k+1)/B]: ceil puts a value on a boundary into the lower bin.
    const b = Math.min(binCount - 1, Math.max(0, Math.ceil(c * binCount) - 1));
    counts[b]! += 1;
    confSum[b]! += c;
    correctSum[b]! += correct[i] ? 1 : 0;
  }
  const n = confidence.length;
  let ece = 0;
  const bins: ReliabilityBin[] = [];
  for (let b = 0; b < binCount; b++) {
    const count = counts[b]!;
    const conf = count ? confSum[b]! / count : null;
    const acc = count ? correctSum[b]! / count : null;
    if (conf !== null && acc !== null) ece += (count / n) * Math.abs(acc - conf);
    bins.push({ lower: b / binCount, upper: (b + 1) / binCount, count, confidence: conf, accuracy: acc });
  }
  return { ece: n === 0 ? Number.NaN : ece, bins };
}

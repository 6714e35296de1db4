// Evaluation of a model: one loop (evaluate.ts) over the test set and out-of-distribution sets, one
// definition of each figure (metrics.ts), and the two kinds of set a user names (shipped, folders).
import { calibrationThreshold, type Calibration } from '../../../shared/model';
import { CodedError } from '../../../shared/result';
import { SCORE_NAMES } from '../../../shared/uncertainty/scores';
import { loadImageFolder, type OodSet } from '../ood/sets';
import type { Thresholds } from './metrics';

export * from './evaluate';
export * from './metrics';

/** The thresholds a model's calibration holds, per score; none for an uncalibrated model. */
export function modelThresholds(calibration: Calibration | null): Thresholds {
  const entries = SCORE_NAMES.flatMap((name) => {
    const value = calibrationThreshold(calibration, name);
    return value === null ? [] : [[name, value] as const];
  });
  return Object.fromEntries(entries);
}

/** A folder of pictures prepared as `unsure check` prepares them; files that are no pictures are counted. */
export async function loadFolderSet(dir: string): Promise<{ set: OodSet; skipped: number }> {
  const loaded = await loadImageFolder(dir);
  if (!loaded.ok) throw new CodedError(loaded.error.code, loaded.error.message);
  return { set: loaded.value.set, skipped: loaded.value.failures.length };
}

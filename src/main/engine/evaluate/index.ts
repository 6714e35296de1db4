// Evaluation of a model: one loop (evaluate.ts) over the test set and out-of-distribution sets, one
// definition of each figure (metrics.ts), and the two kinds of set a user names (shipped, folders).
import { CodedError } from '../../../shared/result';
import { loadImageFolder, type OodSet } from '../ood/sets';
import type { PictureRule } from '../image/preparation';

export * from './evaluate';
export * from './metrics';
export * from './compare';
export * from './compared-dataset';
export * from './calibration-split';

/** A folder of pictures prepared as `unsure check` prepares them; files that are no pictures are counted. */
export async function loadFolderSet(
  dir: string,
  rule?: PictureRule,
): Promise<{ set: OodSet; skipped: number }> {
  const loaded = await loadImageFolder(dir, undefined, rule);
  if (!loaded.ok) throw new CodedError(loaded.error.code, loaded.error.message);
  return { set: loaded.value.set, skipped: loaded.value.failures.length };
}
export * from './guarantee';

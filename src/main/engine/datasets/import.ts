// `importDataset`: a folder of IDX files or of one subfolder per class becomes a dataset in the
// data folder — whole, or (on any error or cancel) not at all.
import fs from 'node:fs';
import { findIdxFiles, importIdx } from './import-idx';
import { importFolders } from './import-folders';
import type { ImportOptions, ImportResult } from './import-types';
import { checkNewName, throwIfCancelled } from './staging';
import { datasetError } from './store';

export type { ImportOptions, ImportProgress, ImportResult, SkippedFile } from './import-types';

export async function importDataset(root: string, options: ImportOptions): Promise<ImportResult> {
  checkNewName(root, options.name);
  throwIfCancelled(options.signal);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(options.source);
  } catch {
    throw datasetError('import_invalid', `${options.source} does not exist`);
  }
  if (!stat.isDirectory()) {
    throw datasetError(
      'import_invalid',
      `${options.source} is not a folder: give a folder of IDX files or one with a subfolder of images per class`,
    );
  }
  const idx = findIdxFiles(options.source);
  return idx ? importIdx(root, idx, options) : importFolders(root, options);
}

// What an import is given and gives back, whichever the source's kind.
import type { DatasetManifest, Preparation } from '../../../shared/datasets';

export interface ImportProgress {
  /** `scanning`: reading image headers (folders only); `importing`: writing the examples. */
  phase: 'scanning' | 'importing';
  done: number;
  total: number;
}

export interface ImportOptions {
  name: string;
  /** The folder to import: IDX files, or one subfolder of images per class. */
  source: string;
  /** Class names, index = label; else classes.txt in the folder, else the labels' numbers (IDX). */
  classes?: readonly string[];
  /** What the given class names are called in messages (the CLI's "--classes", the app's field). */
  classesFrom?: string;
  /** How user pictures are prepared for this dataset; IDX sets default to `ink`, folders to `fit`. */
  preparation?: Preparation;
  /** The seed of a folder set's 85/15 split (default 1). */
  seed?: number;
  onProgress?(progress: ImportProgress): void;
  /** Aborting stops the import at the next example and removes everything it wrote. */
  signal?: AbortSignal;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface ImportResult {
  manifest: DatasetManifest;
  /** Images that could not be read (folder sets only); the rest were imported. */
  skipped: SkippedFile[];
}

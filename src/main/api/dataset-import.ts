// Importing and deleting datasets from the app. One import at a time: it reports its progress as
// `datasetImportProgress` events (at most one per percent) and stops, leaving nothing behind, when
// cancelled — the same event-and-abort shape as the scorings.
import path from 'node:path';
import {
  MAX_SKIPPED_LISTED,
  type DatasetImportProgress,
  type ImportDatasetResult,
} from '../../shared/api/dataset';
import { err, ok } from '../../shared/result';
import { importDataset, type ImportProgress } from '../engine/datasets/import';
import { deleteDataset, listDatasets, showDataset } from '../engine/datasets/store';
import type { AppContext } from './context';
import type { Handlers } from './dispatch';

/** What the app calls the class names a user types (the CLI says --classes). */
const CLASSES_FIELD = 'the Class names field';

/** Sends an import's progress, at most once per percent of each phase. */
function progressSender(ctx: AppContext, name: string): (p: ImportProgress) => void {
  let last = '';
  return ({ phase, done, total }) => {
    const percent = total > 0 ? Math.floor((100 * done) / total) : 0;
    const key = `${phase}:${percent}`;
    if (key === last) return;
    last = key;
    const payload: DatasetImportProgress = { name, phase, done, total };
    ctx.events.emit('datasetImportProgress', payload);
  };
}

export function datasetImportHandlers(
  ctx: AppContext,
): Pick<Handlers, 'importDataset' | 'cancelDatasetImport' | 'deleteDataset' | 'chooseFolder'> {
  let running: { name: string; abort: AbortController } | null = null;
  return {
    importDataset: async ({ name, path: source, classes, preparation }) => {
      if (running) return err('busy', `"${running.name}" is being imported; wait for it or cancel it first`);
      const abort = new AbortController();
      running = { name, abort };
      try {
        const { manifest, skipped } = await importDataset(ctx.dataRoot, {
          name,
          source: path.resolve(source),
          ...(classes ? { classes, classesFrom: CLASSES_FIELD } : {}),
          ...(preparation ? { preparation } : {}),
          onProgress: progressSender(ctx, name),
          signal: abort.signal,
        });
        const { classCounts } = await showDataset(ctx.dataRoot, name);
        const result: ImportDatasetResult = {
          manifest,
          classCounts,
          skipped: skipped.slice(0, MAX_SKIPPED_LISTED),
          skippedCount: skipped.length,
        };
        return ok(result);
      } finally {
        running = null;
      }
    },
    cancelDatasetImport: () => {
      running?.abort.abort();
      return Promise.resolve(ok({ cancelled: running !== null }));
    },
    deleteDataset: async ({ name }) => {
      if (running?.name === name)
        return err('busy', `"${name}" is being imported; cancel the import instead`);
      await deleteDataset(ctx.dataRoot, name);
      return ok(await listDatasets(ctx.dataRoot));
    },
    chooseFolder: async () => {
      if (!ctx.dialogs) return err('unsupported', 'a folder dialog is only available in the desktop app');
      return ok({ path: await ctx.dialogs.chooseFolder('Choose the folder to import') });
    },
  };
}

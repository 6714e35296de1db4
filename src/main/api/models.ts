// The Models view's handlers: list, activate, rename, delete, export, import and training history,
// over the model store.
import path from 'node:path';
import { RUN_HISTORY_LIMIT } from '../../shared/api/train';
import { err, ok, toApiError, type Result } from '../../shared/result';
import type { ModelHistory } from '../../shared/api/models';
import { fileSafeName, modelUsable, needsCalibration, type ModelSummary } from '../../shared/model';
import { encodeExport } from '../engine/export';
import {
  defaultModelDir,
  deleteModel,
  isModelId,
  listModels,
  loadModel,
  modelDirFor,
  readMetrics,
  readModelMeta,
  renameModel,
  setActive,
} from '../engine/store';
import { writeFileAtomic } from '../engine/store/atomic';
import { assertFiniteAnswers } from '../engine/uncertainty/finite-answers';
import type { ImportTwin } from '../engine/uncertainty/score-protocol';
import { Scorer } from '../engine/uncertainty/scorer';
import type { AppContext } from './context';
import type { Handlers } from './dispatch';

type Located = { dir: string } | { broken: string } | null;

/** Finds model `id` through the store's listing: its folder, why its folder is broken, or null. */
async function locateModel(ctx: AppContext, id: string): Promise<Located> {
  const builtIn = defaultModelDir({ resourcesDir: ctx.resourcesDir });
  const listing = await listModels(ctx.dataRoot, { defaultDir: builtIn });
  const found = listing.models.find((m) => m.id === id);
  if (found) return { dir: found.builtIn && builtIn ? builtIn : modelDirFor(ctx.dataRoot, id) };
  const dir = isModelId(id) ? modelDirFor(ctx.dataRoot, id) : null;
  const broken = listing.broken.find((b) => b.dir === dir);
  return broken ? { broken: broken.reason } : null;
}

/** Where the model with this id lives: the shipped default or a folder under the data root. */
export async function modelDirById(ctx: AppContext, id: string): Promise<string | null> {
  const located = await locateModel(ctx, id);
  return located && 'dir' in located ? located.dir : null;
}

/** A model's metrics history (newest RUN_HISTORY_LIMIT records) and final metrics, as a Result. */
async function modelHistory(ctx: AppContext, id: string): Promise<Result<ModelHistory>> {
  const located = await locateModel(ctx, id);
  if (!located) return err('not_found', `no model with id ${id}`);
  // A model folder the listing skipped is usually one whose metrics.json does not parse.
  if ('broken' in located) return err('model_invalid', `model ${id} cannot be read: ${located.broken}`);
  try {
    const [meta, records] = await Promise.all([readModelMeta(located.dir), readMetrics(located.dir)]);
    return ok({ records: records.slice(-RUN_HISTORY_LIMIT), final: meta.final });
  } catch (error) {
    return { ok: false, error: toApiError(error, 'model_invalid') };
  }
}

async function summaries(ctx: AppContext): Promise<ModelSummary[]> {
  const listing = await listModels(ctx.dataRoot, {
    defaultDir: defaultModelDir({ resourcesDir: ctx.resourcesDir }),
  });
  return listing.models;
}

/** Every stored model an import is compared with, the built-in one included. */
async function twinCandidates(ctx: AppContext): Promise<ImportTwin[]> {
  const builtIn = defaultModelDir({ resourcesDir: ctx.resourcesDir });
  return (await summaries(ctx)).map((model) => ({
    name: model.name,
    dir: model.builtIn && builtIn ? builtIn : modelDirFor(ctx.dataRoot, model.id),
  }));
}

function changed(ctx: AppContext, reason: string): void {
  ctx.events.emit('modelsChanged', { reason });
}

async function refuseBuiltIn(ctx: AppContext, id: string, action: string): Promise<Result<never> | null> {
  const models = await summaries(ctx);
  const model = models.find((m) => m.id === id);
  if (!model) return err('not_found', `no model with id ${id}`);
  if (model.builtIn) return err('read_only', `the built-in model cannot be ${action}`);
  return null;
}

/** Handlers of the models feature; imports and calibrations run on `worker`'s thread. */
export function modelHandlers(
  ctx: AppContext,
  worker = new Scorer(),
): Pick<
  Handlers,
  | 'listModels'
  | 'setActiveModel'
  | 'renameModel'
  | 'deleteModel'
  | 'exportModel'
  | 'importModel'
  | 'modelHistory'
  | 'calibrateModel'
> {
  return {
    listModels: async () => ok(await summaries(ctx)),
    setActiveModel: async ({ id }) => {
      const models = await summaries(ctx);
      const model = models.find((m) => m.id === id);
      if (!model) return err('not_found', `no model with id ${id}`);
      if (!modelUsable(model)) {
        const why =
          model.problem ?? (needsCalibration(model) ? 'it has no calibration yet' : `it is ${model.status}`);
        return err('not_usable', `model ${model.name} cannot be used: ${why}`);
      }
      await setActive(ctx.dataRoot, model.builtIn ? null : id, { check: assertFiniteAnswers });
      changed(ctx, 'active');
      return ok(await summaries(ctx));
    },
    renameModel: async ({ id, name }) => {
      const refused = await refuseBuiltIn(ctx, id, 'renamed');
      if (refused) return refused;
      await renameModel(ctx.dataRoot, id, name);
      changed(ctx, 'rename');
      return ok(await summaries(ctx));
    },
    deleteModel: async ({ id }) => {
      const refused = await refuseBuiltIn(ctx, id, 'deleted');
      if (refused) return refused;
      await deleteModel(ctx.dataRoot, id);
      changed(ctx, 'delete');
      return ok(await summaries(ctx));
    },
    exportModel: async ({ id, mode }) => {
      const dir = await modelDirById(ctx, id);
      if (!dir) return err('not_found', `no model with id ${id}`);
      const model = await loadModel(dir);
      const bytes = encodeExport(model, ctx.appVersion);
      const fileName = `${fileSafeName(model.meta.name, `unsure-${id}`)}.safetensors`;
      if (mode === 'download') return ok({ mode, fileName, dataBase64: bytes.toString('base64') });
      if (!ctx.dialogs) return err('unsupported', 'a save dialog is only available in the desktop app');
      const target = await ctx.dialogs.chooseSavePath(fileName, [
        { name: 'Unsure posterior', extensions: ['safetensors'] },
      ]);
      if (target) await writeFileAtomic(path.resolve(target), bytes);
      return ok({ mode, path: target });
    },
    importModel: async ({ fileName, data }) => {
      let imported;
      try {
        // Transferred to the worker whole: a view into a larger buffer (Node's Buffer pool) is copied.
        const bytes = data.byteLength === data.buffer.byteLength ? data : new Uint8Array(data);
        imported = await worker.importModel(ctx.dataRoot, bytes, await twinCandidates(ctx));
      } catch (error) {
        // The caller names the file in its message; the reason alone comes back.
        const { code, message } = toApiError(error, 'import_failed');
        return err(code, message);
      }
      changed(ctx, 'import');
      const model = (await summaries(ctx)).find((m) => m.id === imported.id);
      return model ? ok(model) : err('import_failed', `${fileName} was imported but cannot be listed`);
    },
    modelHistory: ({ id }) => modelHistory(ctx, id),
    calibrateModel: async ({ id }) => {
      const refused = await refuseBuiltIn(ctx, id, 'recalibrated');
      if (refused) return refused;
      await worker.calibrate(modelDirFor(ctx.dataRoot, id), ctx.dataRoot);
      changed(ctx, 'calibrate');
      return ok(await summaries(ctx));
    },
  };
}

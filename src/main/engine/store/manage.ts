// The store's managing side: list, rename, delete, and the active-model pointer (active.json) with
// its fallback to the shipped default posterior. Every id is checked before it becomes a path.
import fs from 'node:fs/promises';
import { existsSync, type Dirent } from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { z } from 'zod';
import { CodedError } from '../../../shared/result';
import {
  ModelId,
  summariseModel,
  type BrokenModel,
  type ModelMeta,
  type ModelSummary,
} from '../../../shared/model';
import { checkRegularFile, readCheckedText } from '../files/safe-read';
import { writeJsonAtomic } from './atomic';
import { loadModel, readMetrics, readModelMeta, type LoadedModel } from './load';
import { acquireModelLock, modelLockHeld, withModelLock } from './lock';
import {
  ACTIVE_FILE,
  CHECKPOINT_FILE,
  MODEL_FILE,
  POSTERIOR_FILE,
  isModelId,
  modelDirFor,
  modelsDir,
} from './paths';

export interface ModelListing {
  models: ModelSummary[];
  /** Directories that are not valid models, with the reason; listed so the user can see and delete them. */
  broken: BrokenModel[];
}

const ActiveFile = z.object({ id: ModelId });

/** The active model id from active.json, or null when unset or unreadable. */
export async function getActive(root: string): Promise<string | null> {
  try {
    const text = await readCheckedText(path.join(root, ACTIVE_FILE), 'active');
    const parsed = ActiveFile.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.id : null;
  } catch {
    return null;
  }
}

export interface ActivateOptions {
  /** Runs on the loaded model before it becomes active; throws to refuse it (see assertFiniteAnswers). */
  check?: (model: LoadedModel) => Promise<void>;
}

/** Points active.json at model `id` (which must be a valid model, passing `check`), or clears it with null. */
export async function setActive(
  root: string,
  id: string | null,
  options: ActivateOptions = {},
): Promise<void> {
  if (id === null) {
    await fs.rm(path.join(root, ACTIVE_FILE), { force: true });
    return;
  }
  const dir = modelDirFor(root, id);
  try {
    if (options.check) await options.check(await loadModel(dir));
    else await readModelMeta(dir);
  } catch (error) {
    if (error instanceof CodedError && error.code === 'model_invalid') {
      throw new CodedError('not_found', `no valid model with id ${id}: ${error.message}`);
    }
    throw error;
  }
  await fs.mkdir(root, { recursive: true });
  await writeJsonAtomic(path.join(root, ACTIVE_FILE), { id });
}

async function inspectModelDir(dir: string): Promise<ModelMeta> {
  const meta = await readModelMeta(dir);
  if (meta.id !== path.basename(dir))
    throw new Error(`model.json says id ${meta.id} but the folder is named otherwise`);
  await readMetrics(dir);
  // A run that trained to the end or was stopped has a posterior; one that failed or is still
  // training may not have written one yet and is listed all the same.
  if (meta.status === 'complete' || meta.status === 'stopped') {
    await checkRegularFile(path.join(dir, POSTERIOR_FILE), 'posterior');
  }
  return meta;
}

/**
 * The model as the list shows it: one left at `training` whose trainer no longer runs is
 * `interrupted`; stopped, interrupted and full-disk runs with a checkpoint can be resumed.
 */
function liveState(dir: string, meta: ModelMeta): { meta: ModelMeta; resumable: boolean } {
  const status = meta.status === 'training' && !modelLockHeld(dir) ? 'interrupted' : meta.status;
  const continuable =
    status === 'stopped' ||
    status === 'interrupted' ||
    (status === 'failed' && meta.failure?.code === 'disk_full');
  return {
    meta: { ...meta, status },
    resumable: continuable && existsSync(path.join(dir, CHECKPOINT_FILE)),
  };
}

/** Lists the models under `root` (newest first) plus the built-in default; never throws for a bad folder. */
export async function listModels(
  root: string,
  options: { defaultDir?: string | null } = {},
): Promise<ModelListing> {
  const active = await getActive(root);
  const listing: ModelListing = { models: [], broken: [] };
  let entries: Dirent[] = [];
  try {
    entries = await fs.readdir(modelsDir(root), { withFileTypes: true });
  } catch {
    // no models folder yet: only the default model
  }
  const metas: { meta: ModelMeta; resumable: boolean }[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue; // temp folders of imports and deletions in progress
    const dir = path.join(modelsDir(root), entry.name);
    if (!entry.isDirectory() || !isModelId(entry.name)) {
      listing.broken.push({ dir, reason: entry.isDirectory() ? 'not a model id' : 'not a plain folder' });
      continue;
    }
    try {
      metas.push(liveState(dir, await inspectModelDir(dir)));
    } catch (error) {
      listing.broken.push({ dir, reason: (error as Error).message });
    }
  }
  const activeExists = metas.some((m) => m.meta.id === active);
  metas.sort((a, b) => b.meta.createdAt.localeCompare(a.meta.createdAt));
  listing.models = metas.map(({ meta, resumable }) =>
    summariseModel(meta, { builtIn: false, active: meta.id === active, resumable }),
  );
  // A checkout without a trained default posterior simply has none to list.
  if (options.defaultDir && existsSync(options.defaultDir)) {
    try {
      const meta = await readModelMeta(options.defaultDir);
      listing.models.push(summariseModel(meta, { builtIn: true, active: !activeExists }));
    } catch (error) {
      listing.broken.push({ dir: options.defaultDir, reason: (error as Error).message });
    }
  }
  return listing;
}

/**
 * Renames model `id` (its display name; the folder keeps its id) and returns its new summary.
 * Refused with `busy` while it trains: the trainer rewrites model.json and would undo it.
 */
export async function renameModel(root: string, id: string, name: string): Promise<ModelSummary> {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > 200)
    throw new CodedError('invalid_name', 'a name has 1 to 200 characters');
  const dir = await existingModelDir(root, id);
  const updated = await withModelLock(dir, 'a rename', async () => {
    const meta = await readModelMeta(dir);
    const next: ModelMeta = { ...meta, name: trimmed, updatedAt: new Date().toISOString() };
    await writeJsonAtomic(path.join(dir, MODEL_FILE), next);
    return next;
  });
  return summariseModel(liveState(dir, updated).meta, {
    builtIn: false,
    active: (await getActive(root)) === id,
  });
}

/** The real directory of model `id`, refusing ids that are not plain names and links that lead elsewhere. */
async function existingModelDir(root: string, id: string): Promise<string> {
  const dir = modelDirFor(root, id);
  const stat = await fs.lstat(dir).catch(() => null);
  if (!stat) throw new CodedError('not_found', `no model with id ${id}`);
  if (!stat.isDirectory()) throw new CodedError('invalid_id', `model ${id} is not a plain folder`);
  const [realModels, realDir] = await Promise.all([fs.realpath(modelsDir(root)), fs.realpath(dir)]);
  if (path.dirname(realDir) !== realModels)
    throw new CodedError('invalid_id', `model ${id} is outside the models folder`);
  return dir;
}

/** Deletes model `id` from the models folder (even a broken one); clears active.json if it pointed there. */
export async function deleteModel(root: string, id: string): Promise<void> {
  const dir = await existingModelDir(root, id);
  // Refused with `busy` while it trains; the lock then leaves with the folder.
  const lock = acquireModelLock(dir, 'a delete');
  // Rename first so the model disappears at once; a crash mid-delete leaves only a dot-folder.
  const doomed = path.join(modelsDir(root), `.deleting-${id}-${crypto.randomBytes(3).toString('hex')}`);
  try {
    await fs.rename(dir, doomed);
  } catch (error) {
    lock.release();
    throw error;
  }
  if ((await getActive(root)) === id) await setActive(root, null);
  await fs.rm(doomed, { recursive: true, force: true });
}

export interface ActiveModel {
  model: LoadedModel;
  builtIn: boolean;
  /** Why the default was used although active.json named a model, or null. */
  fallbackReason: string | null;
}

/** Loads the active model, falling back to the shipped default when none is set or it is broken. */
export async function loadActiveModel(root: string, defaultDir: string | null): Promise<ActiveModel> {
  const id = await getActive(root);
  let fallbackReason: string | null = null;
  if (id !== null) {
    try {
      return { model: await loadModel(modelDirFor(root, id)), builtIn: false, fallbackReason: null };
    } catch (error) {
      fallbackReason = `the active model ${id} could not be loaded: ${(error as Error).message}`;
    }
  }
  if (!defaultDir) throw new CodedError('no_model', 'no active model and no default model was found');
  return { model: await loadModel(defaultDir), builtIn: true, fallbackReason };
}

// Finding the model a request means: the one named, else the active one, else the shipped default.
import { CodedError } from '../../shared/result';
import { defaultModelDir, loadActiveModel, loadModel, type LoadedModel } from '../engine/store';
import type { AppContext } from './context';
import { modelDirById } from './models';

/** Loads the named model, or the active/default one when no id is given. */
export async function loadModelForUse(ctx: AppContext, modelId?: string): Promise<LoadedModel> {
  if (modelId) {
    const dir = await modelDirById(ctx, modelId);
    if (!dir) throw new CodedError('not_found', `no model with id ${modelId}`);
    return loadModel(dir);
  }
  const active = await loadActiveModel(ctx.dataRoot, defaultModelDir({ resourcesDir: ctx.resourcesDir }));
  return active.model;
}

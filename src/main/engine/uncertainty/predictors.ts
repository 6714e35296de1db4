// The predictors of the models scored lately, kept across calls. A predictor uploads its model's
// tensors and keeps each draw's input-free part (the MLP's later-layer weights and first-layer
// noise, drawn from (seed, sample) alone): made anew for every verdict, drawing those cost far more
// than judging one picture (~340 ms for 100 samples of the default model). A draw is a pure function
// of (tensors, seed, sample) (Predictor's contract), so reusing one gives the same answers.
//
// Models are known by their content (config and tensor bytes), not by an id or a path: the app
// loads the model anew for each request, and a model changed in place is then another model.
import { createHash } from 'node:crypto';
import type * as TF from '@tensorflow/tfjs';
import { modelDataset } from '../../../shared/model';
import { contextFor, familyFor } from '../families';
import type { Predictor } from '../families/family';
import type { PosteriorModel } from './summarise';

/** Models whose predictors are kept: the active one and one compared with it. */
const KEPT_MODELS = 2;

interface Entry {
  predictor: Predictor;
  /** Calls using it now: it is disposed once evicted and no longer in use. */
  users: number;
  evicted: boolean;
}

/** Per backend (native or WASM tf), most recently used last. */
const kept = new WeakMap<typeof TF, Map<string, Entry>>();

/** The model's identity for sampling: its config and every tensor's name, shape and bytes. */
export function modelKey(model: PosteriorModel): string {
  const hash = createHash('sha256').update(JSON.stringify(model.meta.config));
  for (const t of model.posterior) {
    hash.update(`${t.name}:${t.shape.join('x')};`);
    hash.update(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  }
  return hash.digest('hex');
}

function release(entry: Entry): void {
  entry.users--;
  if (entry.evicted && entry.users === 0) entry.predictor.dispose();
}

/**
 * Runs `use` with the model's predictor, made once and kept for later calls (the last
 * KEPT_MODELS models per backend); a predictor evicted while in use is disposed when `use` ends.
 */
export async function withPredictor<T>(
  tf: typeof TF,
  model: PosteriorModel,
  use: (predictor: Predictor) => Promise<T>,
): Promise<T> {
  let models = kept.get(tf);
  if (!models) kept.set(tf, (models = new Map<string, Entry>()));
  const key = modelKey(model);
  let entry = models.get(key);
  if (entry) models.delete(key);
  else {
    const { config } = model.meta;
    entry = {
      predictor: familyFor(config).predictor(
        tf,
        contextFor(config, modelDataset(model.meta)),
        model.posterior,
      ),
      users: 0,
      evicted: false,
    };
  }
  models.set(key, entry);
  entry.users++;
  for (const [old, stale] of models) {
    if (models.size <= KEPT_MODELS) break;
    models.delete(old);
    stale.evicted = true;
    if (stale.users === 0) stale.predictor.dispose();
  }
  try {
    return await use(entry.predictor);
  } finally {
    release(entry);
  }
}

/** Disposes every kept predictor not in use (those in use go when their call ends). */
export function releasePredictors(tf: typeof TF): void {
  const models = kept.get(tf);
  if (!models) return;
  for (const entry of models.values()) {
    entry.evicted = true;
    if (entry.users === 0) entry.predictor.dispose();
  }
  models.clear();
}

// Assembles one handler set per feature into the full contract, as fiddle's setupX() calls do.
import { checkHandlers } from './check';
import { compareHandlers } from './compare';
import type { AppContext } from './context';
import { datasetHandlers } from './dataset';
import type { Handlers } from './dispatch';
import { modelHandlers } from './models';
import { oodSetHandlers } from './ood-sets';
import { systemHandlers } from './system';
import { teachHandlers } from './teach';
import { trainingHandlers } from './training';
import { uncertaintyHandlers } from './uncertainty';
import { Scorer } from '../engine/uncertainty/scorer';

/** Every request handler of the app, for any transport. */
export function createHandlers(ctx: AppContext): Handlers {
  // One engine worker thread (TensorFlow loaded once) for scorings, imports and calibrations.
  const worker = new Scorer();
  return {
    ...systemHandlers(ctx),
    ...checkHandlers(ctx),
    ...datasetHandlers(ctx),
    ...modelHandlers(ctx, worker),
    ...trainingHandlers(ctx, ctx.spawnTrainer),
    ...uncertaintyHandlers(ctx, worker),
    ...oodSetHandlers(ctx),
    ...compareHandlers(ctx, worker),
    ...teachHandlers(ctx),
  };
}

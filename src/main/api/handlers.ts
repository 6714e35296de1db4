// Assembles one handler set per feature into the full contract, as fiddle's setupX() calls do.
import { checkHandlers } from './check';
import type { AppContext } from './context';
import { datasetHandlers } from './dataset';
import type { Handlers } from './dispatch';
import { modelHandlers } from './models';
import { oodSetHandlers } from './ood-sets';
import { systemHandlers } from './system';
import { trainingHandlers } from './training';
import { uncertaintyHandlers } from './uncertainty';

/** Every request handler of the app, for any transport. */
export function createHandlers(ctx: AppContext): Handlers {
  return {
    ...systemHandlers(ctx),
    ...checkHandlers(ctx),
    ...datasetHandlers(),
    ...modelHandlers(ctx),
    ...trainingHandlers(ctx, ctx.spawnTrainer),
    ...uncertaintyHandlers(ctx),
    ...oodSetHandlers(ctx),
  };
}

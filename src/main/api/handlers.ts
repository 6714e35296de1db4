// Assembles one handler set per feature into the full contract, as fiddle's setupX() calls do.
import { err } from '../../shared/result';
import type { RequestName } from '../../shared/contract';
import { checkHandlers } from './check';
import type { AppContext } from './context';
import { datasetHandlers } from './dataset';
import type { Handlers } from './dispatch';
import { modelHandlers } from './models';
import { systemHandlers } from './system';
import { trainingHandlers } from './training';

function notYet(name: RequestName) {
  return () => Promise.resolve(err('not_available', `${name} is not available in this build yet`));
}

/** Every request handler of the app, for any transport. */
export function createHandlers(ctx: AppContext): Handlers {
  return {
    getUncertaintyReport: notYet('getUncertaintyReport'),
    addOodSet: notYet('addOodSet'),
    ...systemHandlers(ctx),
    ...checkHandlers(ctx),
    ...datasetHandlers(),
    ...modelHandlers(ctx),
    ...trainingHandlers(ctx, ctx.spawnTrainer),
  };
}

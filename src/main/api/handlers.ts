// Assembles one handler set per feature into the full contract, as fiddle's setupX() calls do.
import { err } from '../../shared/result';
import type { RequestName } from '../../shared/contract';
import type { AppContext } from './context';
import type { Handlers } from './dispatch';
import { datasetHandlers } from './dataset';
import { modelHandlers } from './models';
import { systemHandlers } from './system';

function notYet(name: RequestName) {
  return () => Promise.resolve(err('not_available', `${name} is not available in this build yet`));
}

/** Every request handler of the app, for any transport. */
export function createHandlers(ctx: AppContext): Handlers {
  const pending = {
    listPresets: notYet('listPresets'),
    startTraining: notYet('startTraining'),
    pauseTraining: notYet('pauseTraining'),
    resumeTraining: notYet('resumeTraining'),
    stopTraining: notYet('stopTraining'),
    listRuns: notYet('listRuns'),
    checkImages: notYet('checkImages'),
    getUncertaintyReport: notYet('getUncertaintyReport'),
    addOodSet: notYet('addOodSet'),
  } satisfies Omit<
    Handlers,
    'getSystemInfo' | 'getDatasetSummary' | 'getDatasetImages' | keyof ReturnType<typeof modelHandlers>
  >;
  return { ...pending, ...systemHandlers(ctx), ...datasetHandlers(), ...modelHandlers(ctx) };
}

// The teach loop's marked pictures (engine/teach): mark one from a Check card, list them, delete one.
import { ok } from '../../shared/result';
import { deleteMarked, listMarked, markPicture } from '../engine/teach/store';
import type { AppContext } from './context';
import type { Handlers } from './dispatch';

/** Handlers of the marked pictures. */
export function teachHandlers(
  ctx: AppContext,
): Pick<Handlers, 'markPicture' | 'listMarked' | 'deleteMarked'> {
  return {
    markPicture: ({ name, dataBase64, label }) =>
      markPicture(ctx.dataRoot, { name, bytes: Buffer.from(dataBase64, 'base64'), label }),
    listMarked: async () => ok(await listMarked(ctx.dataRoot)),
    deleteMarked: ({ id }) => deleteMarked(ctx.dataRoot, id),
  };
}

// The user's own OOD sets beyond adding one: the images of a set (to show which got through the
// threshold) and deleting a set.
import fs from 'node:fs/promises';
import path from 'node:path';
import { err, ok } from '../../shared/result';
import { readUserSets, userSetsDir } from '../engine/ood/user-sets';
import type { AppContext } from './context';
import type { Handlers } from './dispatch';

/** Handlers of the user OOD sets. */
export function oodSetHandlers(ctx: AppContext): Pick<Handlers, 'getOodSetImages' | 'deleteOodSet'> {
  return {
    getOodSetImages: async ({ id }) => {
      // Read as the report reads the sets, so image i here is score i there.
      const set = (await readUserSets(ctx.dataRoot)).find((s) => s.id === id);
      if (!set) return err('not_found', `no set ${id}`);
      const bytes = Buffer.alloc(set.pixels.length);
      set.pixels.forEach((v, i) => (bytes[i] = Math.round(v * 255)));
      return ok({
        id,
        name: set.name,
        files: Array.from(set.labels, (label) => set.labelNames[label] ?? ''),
        pixelsBase64: bytes.toString('base64'),
      });
    },
    deleteOodSet: async ({ id }) => {
      // The id's schema allows only [a-z0-9-] after "user-": the folder stays inside the sets folder.
      const folder = path.join(userSetsDir(ctx.dataRoot), id.slice('user-'.length));
      const stat = await fs.stat(folder).catch(() => null);
      if (!stat?.isDirectory()) return err('not_found', `no set ${id}`);
      await fs.rm(folder, { recursive: true, force: true });
      return ok({ id });
    },
  };
}

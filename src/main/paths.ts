// Where the app finds its own files: the built renderer and the read-only resources. The user's
// data root is the model store's concern (engine/store/paths.ts).
import path from 'node:path';
import { resolveResourcesDir } from './engine/store/paths';

/** Read-only resources: the default posterior and the OOD reference sets. */
export function resourcesDir(): string {
  return resolveResourcesDir() ?? path.resolve(__dirname, '..', '..', 'resources');
}

/** The built renderer: beside the main bundle in `out/` (also inside a packaged app.asar). */
export function rendererDir(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (path.basename(dir) === 'out') return path.join(dir, 'renderer');
  }
  return path.join(path.dirname(resourcesDir()), 'out', 'renderer');
}

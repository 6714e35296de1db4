// Where the app finds its own files and the user's data, for the CLI, the web server and Electron.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The project folder: the nearest folder above this bundle (or source file) with a package.json. */
export function appRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(__dirname, '..', '..');
    dir = parent;
  }
  return dir;
}

/** The built renderer served in web mode and loaded by the Electron window. */
export function rendererDir(): string {
  return path.join(appRoot(), 'out', 'renderer');
}

/** Read-only resources: the default posterior and the OOD reference sets. */
export function resourcesDir(): string {
  const packaged = (process as NodeJS.Process & { resourcesPath?: string }).resourcesPath;
  if (packaged && !packaged.includes(`${path.sep}node_modules${path.sep}electron${path.sep}`)) {
    return path.join(packaged, 'resources');
  }
  return path.join(appRoot(), 'resources');
}

/** The user's data: UNSURE_HOME, else the XDG data folder. Electron passes its userData instead. */
export function defaultDataRoot(): string {
  if (process.env.UNSURE_HOME) return path.resolve(process.env.UNSURE_HOME);
  const xdg = process.env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(xdg, 'unsure');
}

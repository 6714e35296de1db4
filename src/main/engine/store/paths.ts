// Where models live: the data root (UNSURE_HOME, else the platform's data folder), the models folder
// inside it, and the read-only resources folder holding the shipped default posterior.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { CodedError } from '../../../shared/result';
import { MODEL_ID_PATTERN } from '../../../shared/model';

export { MODEL_FILE, METRICS_FILE, POSTERIOR_FILE, CHECKPOINT_FILE } from './model-folder';
export const ACTIVE_FILE = 'active.json';
export const DEFAULT_MODEL_FOLDER = 'default-model';

export interface DataRootOptions {
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  platform?: NodeJS.Platform;
}

/**
 * The one data root of the CLI, `serve` and the desktop app, so a model trained in a terminal shows
 * up in the app: UNSURE_HOME when set, else the platform's per-user data folder — Linux and other
 * Unixes `${XDG_DATA_HOME:-~/.local/share}/unsure`, macOS `~/Library/Application Support/Unsure`,
 * Windows `%APPDATA%\Unsure` (the folders Electron's userData uses there).
 */
export function resolveDataRoot(options: DataRootOptions = {}): string {
  const env = options.env ?? process.env;
  if (env.UNSURE_HOME) return path.resolve(env.UNSURE_HOME);
  const home = options.homeDir ?? os.homedir();
  switch (options.platform ?? process.platform) {
    case 'darwin':
      return path.posix.join(home, 'Library', 'Application Support', 'Unsure');
    case 'win32': {
      const appData = env.APPDATA && path.win32.isAbsolute(env.APPDATA) ? env.APPDATA : null;
      return path.win32.join(appData ?? path.win32.join(home, 'AppData', 'Roaming'), 'Unsure');
    }
    default: {
      const xdg = env.XDG_DATA_HOME;
      const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.local', 'share');
      return path.join(base, 'unsure');
    }
  }
}

/** The folder holding one directory per model. */
export function modelsDir(root: string): string {
  return path.join(root, 'models');
}

/** True when `id` is a safe model id (no separators, dots or upper case). */
export function isModelId(id: string): boolean {
  return MODEL_ID_PATTERN.test(id);
}

/** The directory of model `id` under `root`; refuses ids that are not plain safe names. */
export function modelDirFor(root: string, id: string): string {
  if (!isModelId(id)) throw new CodedError('invalid_id', `"${id}" is not a model id (a-z, 0-9 and "-" only)`);
  return path.join(modelsDir(root), id);
}

/** A new model id: YYYYMMDD-HHMMSS-<preset>-<4 hex>, in UTC. */
export function newModelId(
  preset: string,
  now: Date = new Date(),
  hex = crypto.randomBytes(2).toString('hex'),
): string {
  const iso = now.toISOString(); // 2024-05-01T12:34:56.789Z
  const stamp = `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
  const safePreset =
    preset
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'model';
  return `${stamp}-${safePreset}-${hex}`;
}

export interface ResourcesOptions {
  /** An explicit resources folder (tests, or the lead's Electron wiring). Wins over everything. */
  resourcesDir?: string;
  /** process.resourcesPath in a packaged Electron app. */
  resourcesPath?: string;
  /** Where to start looking for the project root (package.json named "unsure"). */
  startDir?: string;
  env?: NodeJS.ProcessEnv;
}

function findProjectRoot(startDir: string): string | null {
  for (let dir = path.resolve(startDir); ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (pkg.name === 'unsure') return dir;
    } catch {
      // no readable package.json here: keep climbing
    }
    if (path.dirname(dir) === dir) return null;
  }
}

/** The resources folder: explicit option, UNSURE_RESOURCES, a packaged app's resources, or <project>/resources. */
export function resolveResourcesDir(options: ResourcesOptions = {}): string | null {
  if (options.resourcesDir) return path.resolve(options.resourcesDir);
  const env = options.env ?? process.env;
  if (env.UNSURE_RESOURCES) return path.resolve(env.UNSURE_RESOURCES);
  const packaged = options.resourcesPath ?? (process as { resourcesPath?: string }).resourcesPath;
  if (packaged) {
    // electron-builder may copy resources/ as a folder or spread its contents into resourcesPath.
    for (const candidate of [path.join(packaged, 'resources'), packaged]) {
      if (fs.existsSync(path.join(candidate, DEFAULT_MODEL_FOLDER))) return candidate;
    }
  }
  const project = findProjectRoot(options.startDir ?? __dirname);
  return project ? path.join(project, 'resources') : null;
}

/** The shipped default model directory, or null when the resources folder cannot be found. */
export function defaultModelDir(options: ResourcesOptions = {}): string | null {
  const resources = resolveResourcesDir(options);
  return resources ? path.join(resources, DEFAULT_MODEL_FOLDER) : null;
}

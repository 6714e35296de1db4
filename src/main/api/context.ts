// What every handler set is given: where data lives, how to reach the renderer, and the
// platform services only Electron has (native dialogs). No Electron import here.
import type { TrainerChannel } from '../engine/train/client';
import type { EventHub } from './dispatch';

export interface NativeDialogs {
  /** Asks where to save a file; resolves to the chosen path or null when cancelled. */
  chooseSavePath(
    defaultName: string,
    filters: { name: string; extensions: string[] }[],
  ): Promise<string | null>;
  /** Asks for a folder to read; resolves to its path or null when cancelled. */
  chooseFolder(title: string): Promise<string | null>;
}

export interface AppContext {
  appVersion: string;
  transport: 'electron' | 'web';
  /** Root of the user's models, OOD sets and settings. */
  dataRoot: string;
  /** The app's read-only resources folder (default posterior, OOD reference sets). */
  resourcesDir: string;
  events: EventHub;
  dialogs: NativeDialogs | null;
  /** How to start a trainer process; Node's fork when absent, Electron's utilityProcess in the app. */
  spawnTrainer?: () => TrainerChannel;
}

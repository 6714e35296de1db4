// Electron transport: one ipcMain.handle per contract channel, accepting only the app's own frames.
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { ipcChannel, requestNames } from '../../shared/contract';
import { err } from '../../shared/result';
import { dispatch, type EventHub, type Handlers } from '../api/dispatch';

/** True when the sender is a frame this app loaded (app://unsure, or the dev server). */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** Registers every request channel and forwards events to the given windows' web contents. */
export function registerIpc(handlers: Handlers, events: EventHub, isTrusted: SenderCheck): void {
  for (const name of requestNames) {
    ipcMain.handle(ipcChannel(name), (event, ...args: unknown[]) => {
      if (!isTrusted(event)) return err('forbidden', 'IPC from an untrusted frame was refused');
      return dispatch(handlers, name, args);
    });
  }
}

/** Sends contract events to one window for as long as it lives. */
export function forwardEvents(events: EventHub, contents: WebContents): void {
  const remove = events.add((event, payload) => {
    if (!contents.isDestroyed()) contents.send(ipcChannel(event), payload);
  });
  contents.once('destroyed', remove);
}

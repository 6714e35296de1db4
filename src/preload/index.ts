// Exposes exactly the contract's functions to the renderer, nothing raw from Electron.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ipcChannel, isEventName, REQUEST_NAMES, type EventName } from '../shared/channels';
import type { EventPayload, UnsureApi } from '../shared/contract';

function buildApi(): UnsureApi {
  const api: Record<string, unknown> = {};
  for (const name of REQUEST_NAMES) {
    api[name] = (...args: unknown[]) => ipcRenderer.invoke(ipcChannel(name), ...args);
  }
  api.on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => {
    if (!isEventName(event)) throw new Error(`unknown event ${String(event)}`);
    const wrapped = (_e: IpcRendererEvent, payload: EventPayload<E>): void => listener(payload);
    ipcRenderer.on(ipcChannel(event), wrapped);
    return () => ipcRenderer.removeListener(ipcChannel(event), wrapped);
  };
  return api as UnsureApi;
}

contextBridge.exposeInMainWorld('unsure', buildApi());

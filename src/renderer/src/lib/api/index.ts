// The renderer's single way to reach the Node side: the preload's bridge in Electron, a
// WebSocket in web mode. Every result is checked against the contract's schema on arrival.
import { requestChannels, requestNames, type RequestName, type UnsureApi } from '../../../../shared/contract';
import { resultSchema } from '../../../../shared/api/common';
import { err, type Result } from '../../../../shared/result';
import { launchKey } from './launch-key';
import { createWebSocketApi } from './ws-client';

function validated(raw: UnsureApi): UnsureApi {
  const api: Record<string, unknown> = { on: raw.on.bind(raw) };
  for (const name of requestNames) {
    const schema = resultSchema(requestChannels[name].result);
    const call = raw[name] as (...args: unknown[]) => Promise<unknown>;
    api[name] = async (...args: unknown[]): Promise<Result<unknown>> => {
      const parsed = schema.safeParse(await call(...args));
      if (!parsed.success) return err('invalid_response', `${name}: the answer did not match the contract`);
      return parsed.data;
    };
  }
  return api as UnsureApi;
}

function createApi(): UnsureApi {
  if (window.unsure) return validated(window.unsure);
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return validated(createWebSocketApi(`${scheme}://${location.host}`, launchKey));
}

/** The app's API, for every component and store. */
export const api: UnsureApi = createApi();
export const transport: 'electron' | 'web' = window.unsure ? 'electron' : 'web';
export type { RequestName };

// Web mode: the same UnsureApi as the preload's, over a WebSocket to `npm run serve`.
import {
  eventChannels,
  isEventName,
  requestNames,
  type EventName,
  type EventPayload,
  type UnsureApi,
} from '../../../../shared/contract';
import { err, type Result } from '../../../../shared/result';
import { ServerMessage } from '../../../../shared/ws-protocol';

type Listener = (payload: unknown) => void;

/** Opens (and reopens after a drop) a WebSocket to the serving host and exposes the contract. */
export function createWebSocketApi(url: string): UnsureApi {
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<Listener>>();

  function onMessage(raw: string): void {
    const parsed = ServerMessage.safeParse(JSON.parse(raw));
    if (!parsed.success) return;
    const message = parsed.data;
    if (message.kind === 'response') {
      pending.get(message.id)?.(message.result as Result<unknown>);
      pending.delete(message.id);
    } else if (isEventName(message.event)) {
      const payload = eventChannels[message.event].safeParse(message.payload);
      if (payload.success) for (const l of listeners.get(message.event) ?? []) l(payload.data);
    }
  }

  function connect(): Promise<WebSocket> {
    if (opened && socket && socket.readyState <= WebSocket.OPEN) return opened;
    opened = new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      socket = ws;
      ws.addEventListener('open', () => resolve(ws));
      ws.addEventListener('message', (e) => onMessage(String(e.data)));
      ws.addEventListener('error', () => reject(new Error(`cannot reach the Unsure server at ${url}`)));
      ws.addEventListener('close', () => {
        for (const [id, settle] of pending) {
          settle(err('disconnected', 'the connection to the Unsure server was lost'));
          pending.delete(id);
        }
        socket = null;
      });
    });
    return opened;
  }

  async function call(channel: string, args: unknown[]): Promise<Result<unknown>> {
    let ws: WebSocket;
    try {
      ws = await connect();
    } catch (error) {
      opened = null;
      return err('disconnected', error instanceof Error ? error.message : String(error));
    }
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      ws.send(JSON.stringify({ id, channel, args }));
    });
  }

  const api: Record<string, unknown> = {};
  for (const name of requestNames) api[name] = (...args: unknown[]) => call(name, args);
  api.on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => {
    const set = listeners.get(event) ?? new Set<Listener>();
    set.add(listener as Listener);
    listeners.set(event, set);
    void connect().catch(() => undefined);
    return () => set.delete(listener as Listener);
  };
  return api as UnsureApi;
}

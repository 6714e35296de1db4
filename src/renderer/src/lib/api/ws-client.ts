// Web mode: the same UnsureApi as the preload's, over a WebSocket to `npm run serve`.
import {
  eventChannels,
  isEventName,
  requestChannels,
  requestNames,
  type EventName,
  type EventPayload,
  type RequestName,
  type UnsureApi,
} from '../../../../shared/contract';
import { err, type Result } from '../../../../shared/result';
import { encodeArgs, encodedSize, KEY_PARAMETER, ServerMessage } from '../../../../shared/ws-protocol';
import { RequestSender } from '../../../../shared/ws-sender';

type Listener = (payload: unknown) => void;

function sizeText(bytes: number): string {
  return bytes >= 2 ** 20 ? `${Math.floor(bytes / 2 ** 20)} MB` : `${Math.floor(bytes / 1024)} KB`;
}

const LOST = 'the connection to the Unsure server was lost';
const UNREACHABLE =
  'cannot reach the Unsure server: if it was restarted, open the address it printed again (its key changes each start)';

/**
 * Opens (and reopens after a drop) a WebSocket to `origin`'s /api, presenting the launch key `key()`
 * gives at that moment, and exposes the contract. Without a key every call fails with `no_key`.
 */
export function createWebSocketApi(origin: string, key: () => string | null): UnsureApi {
  let nextId = 1;
  let socket: WebSocket | null = null;
  let opened: Promise<RequestSender> | null = null;
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const listeners = new Map<EventName, Set<Listener>>();

  function onMessage(sender: RequestSender, raw: string): void {
    const parsed = ServerMessage.safeParse(JSON.parse(raw));
    if (!parsed.success) return;
    const message = parsed.data;
    sender.receive(message);
    if (message.kind === 'response') {
      // A reply without an id answers a frame too broken to read: nothing waits for it.
      if (message.id === null) return;
      pending.get(message.id)?.(message.result as Result<unknown>);
      pending.delete(message.id);
    } else if (message.kind === 'event' && isEventName(message.event)) {
      const payload = eventChannels[message.event].safeParse(message.payload);
      if (payload.success) for (const l of listeners.get(message.event) ?? []) l(payload.data);
    }
  }

  function connect(launchKey: string): Promise<RequestSender> {
    if (opened && socket && socket.readyState <= WebSocket.OPEN) return opened;
    opened = new Promise((resolve, reject) => {
      const ws = new WebSocket(
        `${origin}/api?${new URLSearchParams({ [KEY_PARAMETER]: launchKey }).toString()}`,
      );
      const sender = new RequestSender(ws);
      socket = ws;
      ws.addEventListener('open', () => resolve(sender));
      ws.addEventListener('message', (e) => onMessage(sender, String(e.data)));
      ws.addEventListener('error', () => reject(new Error(UNREACHABLE)));
      ws.addEventListener('close', () => {
        sender.close(LOST);
        for (const [id, settle] of pending) {
          settle(err('disconnected', LOST));
          pending.delete(id);
        }
        socket = null;
      });
    });
    return opened;
  }

  async function call(channel: RequestName, args: unknown[]): Promise<Result<unknown>> {
    const launchKey = key();
    if (launchKey === null)
      return err('no_key', 'open the address `npm run serve` printed: it carries the key this page needs');
    const encoded = encodeArgs(args);
    // Text counted in UTF-16 units, never more than the UTF-8 bytes the server counts.
    const cap = requestChannels[channel].maxRequestBytes;
    if (encodedSize(encoded) > cap)
      return err('payload_too_large', `${channel} takes at most ${sizeText(cap)} at once`);
    let sender: RequestSender;
    try {
      sender = await connect(launchKey);
    } catch (error) {
      opened = null;
      return err('disconnected', error instanceof Error ? error.message : String(error));
    }
    const id = nextId++;
    const answered = new Promise<Result<unknown>>((resolve) => pending.set(id, resolve));
    sender.send({ id, channel }, encoded).catch((error: unknown) => {
      pending.get(id)?.(err('disconnected', error instanceof Error ? error.message : String(error)));
      pending.delete(id);
    });
    return answered;
  }

  const api: Record<string, unknown> = {};
  for (const name of requestNames) api[name] = (...args: unknown[]) => call(name, args);
  api.on = <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => {
    const set = listeners.get(event) ?? new Set<Listener>();
    set.add(listener as Listener);
    listeners.set(event, set);
    const launchKey = key();
    if (launchKey !== null) void connect(launchKey).catch(() => undefined);
    return () => set.delete(listener as Listener);
  };
  return api as UnsureApi;
}

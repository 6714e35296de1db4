// The served page's transport against a scripted server: an import's bytes go out only within the
// window the server's acks open, a request made meanwhile goes out at once, and a refusal or a lost
// connection ends the import with its error instead of leaving it waiting.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerMessage } from '../../../../shared/ws-protocol';
import { UPLOAD_CHUNK_BYTES, UPLOAD_WINDOW_BYTES } from '../../../../shared/ws-protocol';
import { createWebSocketApi } from './ws-client';

type Listener = (event: { data?: unknown }) => void;

/** Stands in for the browser's WebSocket: records what is sent, lets the test play the server. */
class ScriptedSocket {
  static readonly OPEN = 1;
  static last: ScriptedSocket | null = null;
  readyState = 0;
  readonly sent: (string | Uint8Array)[] = [];
  private readonly listeners = new Map<string, Listener[]>();

  constructor() {
    ScriptedSocket.last = this;
    setTimeout(() => {
      this.readyState = ScriptedSocket.OPEN;
      this.emit('open', {});
    }, 0);
  }
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  send(data: string | Uint8Array): void {
    this.sent.push(data);
  }
  reply(message: ServerMessage): void {
    this.emit('message', { data: JSON.stringify(message) });
  }
  lose(): void {
    this.readyState = 3;
    this.emit('close', {});
  }
  chunks(): number {
    return this.sent.filter((data) => typeof data !== 'string').length;
  }
  private emit(type: string, event: { data?: unknown }): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const WINDOW_CHUNKS = UPLOAD_WINDOW_BYTES / UPLOAD_CHUNK_BYTES;

/** Starts an import of `chunks` chunks; resolves once its header is out, with the socket and the id. */
async function startImport(chunks: number) {
  const api = createWebSocketApi('ws://127.0.0.1:1', () => 'key');
  const importing = api.importModel({
    fileName: 'a.safetensors',
    data: new Uint8Array(chunks * UPLOAD_CHUNK_BYTES),
  });
  await settle();
  await settle();
  const ws = ScriptedSocket.last!;
  const header = ws.sent[0];
  if (typeof header !== 'string') throw new Error('the request frame did not go first');
  const { id } = JSON.parse(header.split('\n')[0]!) as { id: number };
  return { api, importing, ws, id };
}

beforeEach(() => vi.stubGlobal('WebSocket', ScriptedSocket));
afterEach(() => vi.unstubAllGlobals());

describe('the served page’s WebSocket transport', () => {
  it('sends an import’s bytes only within the window the server’s acks open', async () => {
    const { api, importing, ws, id } = await startImport(6);
    expect(ws.chunks()).toBe(0);
    ws.reply({ kind: 'ack', id, received: 0 });
    await settle();
    expect(ws.chunks()).toBe(WINDOW_CHUNKS);
    ws.reply({ kind: 'ack', id, received: UPLOAD_CHUNK_BYTES });
    await settle();
    expect(ws.chunks()).toBe(WINDOW_CHUNKS + 1);

    const info = api.getSystemInfo();
    await settle();
    expect(ws.sent.at(-1)).toMatch(/"channel":"getSystemInfo"/);
    const infoId = (JSON.parse(String(ws.sent.at(-1)).split('\n')[0]!) as { id: number }).id;
    ws.reply({ kind: 'response', id: infoId, result: { ok: true, value: 'info' } });
    expect(await info).toEqual({ ok: true, value: 'info' });

    ws.reply({ kind: 'ack', id, received: 6 * UPLOAD_CHUNK_BYTES });
    await settle();
    expect(ws.chunks()).toBe(6);
    ws.reply({ kind: 'response', id, result: { ok: true, value: 'imported' } });
    expect(await importing).toEqual({ ok: true, value: 'imported' });
  });

  it('ends an import the server refuses on its header without sending a byte', async () => {
    const { importing, ws, id } = await startImport(6);
    const refusal = { ok: false, error: { code: 'payload_too_large', message: 'too big' } };
    ws.reply({ kind: 'response', id, result: refusal });
    expect(await importing).toEqual(refusal);
    await settle();
    expect(ws.chunks()).toBe(0);
  });

  it('ends an import with `disconnected` when the connection is lost mid-upload', async () => {
    const { importing, ws, id } = await startImport(6);
    ws.reply({ kind: 'ack', id, received: 0 });
    await settle();
    ws.lose();
    expect(await importing).toMatchObject({ ok: false, error: { code: 'disconnected' } });
    await settle();
    expect(ws.chunks()).toBe(WINDOW_CHUNKS);
  });
});

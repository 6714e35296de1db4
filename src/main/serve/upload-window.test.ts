// Flow control of uploads over the WebSocket: the client keeps at most UPLOAD_WINDOW_BYTES of an
// upload unacknowledged, so a request sent on the same socket mid-upload is read soon after, never
// behind the whole file. Measured in bytes the server read, not in time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type WebSocket from 'ws';
import {
  encodeArgs,
  ServerMessage,
  UPLOAD_CHUNK_BYTES,
  UPLOAD_WINDOW_BYTES,
  type RequestHeader,
} from '../../shared/ws-protocol';
import { RequestSender } from '../../shared/ws-sender';
import { connect, Replies, startTestServer, type TestServer } from './test-client';
import { RequestReader, type Incoming } from './uploads';

const MIB = 2 ** 20;

/** Upload bytes the server's readers have taken, and a hook run as each message is read. */
const server = { read: 0, onRead: (_frame: Buffer, _isBinary: boolean): void => undefined };
// eslint-disable-next-line @typescript-eslint/unbound-method -- called below with its reader as `this`
const read: (this: RequestReader, data: Buffer, isBinary: boolean) => Incoming = RequestReader.prototype.read;
vi.spyOn(RequestReader.prototype, 'read').mockImplementation(function (
  this: RequestReader,
  data: Buffer,
  isBinary: boolean,
) {
  if (isBinary) server.read += data.length;
  server.onRead(data, isBinary);
  return read.call(this, data, isBinary);
});

/** A sender on `ws` that counts the upload bytes it sends and the most ever unread by the server. */
function countingSender(ws: WebSocket) {
  const counts = { sent: 0, maxUnread: 0 };
  const sender = new RequestSender({
    send(data) {
      ws.send(data);
      if (typeof data === 'string') return;
      counts.sent += data.byteLength;
      counts.maxUnread = Math.max(counts.maxUnread, counts.sent - server.read);
    },
  });
  ws.on('message', (data: Buffer) => sender.receive(ServerMessage.parse(JSON.parse(data.toString('utf8')))));
  ws.on('close', () => sender.close('the socket closed'));
  const send = (header: RequestHeader, args: unknown[]): Promise<void> =>
    sender.send(header, encodeArgs(args));
  return { counts, send };
}

/** An import the server refuses only once its last byte is in: its name is over 512 characters. */
const importArgs = (bytes: number): unknown[] => [
  { fileName: `${'x'.repeat(600)}.safetensors`, data: Buffer.alloc(bytes, 7) },
];

let root: string;
let t: TestServer;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-window-'));
  t = await startTestServer(path.join(root, 'data'));
});

afterAll(async () => {
  await t.close();
  fs.rmSync(root, { recursive: true, force: true });
});

beforeEach(() => {
  server.read = 0;
  server.onRead = () => undefined;
});

describe('an upload over the WebSocket', () => {
  it('lets a request sent mid-upload through after at most the window, and never has more in flight', async () => {
    const ws = await connect(t);
    const replies = new Replies(ws);
    const client = countingSender(ws);
    const asked = { at: -1, readAt: -1 };
    server.onRead = (frame, isBinary) => {
      if (isBinary && asked.at < 0 && server.read >= 16 * MIB) {
        asked.at = server.read;
        void client.send({ id: 2, channel: 'getSystemInfo' }, []);
      } else if (!isBinary && frame.toString('utf8').startsWith('{"id":2,')) {
        asked.readAt = server.read;
      }
    };
    await client.send({ id: 1, channel: 'importModel' }, importArgs(64 * MIB));
    const responses = await replies.responses(2);

    expect(responses.map((m) => (m.kind === 'response' ? m.id : null))).toEqual([2, 1]);
    expect(replies.byId.get(2)?.[0]).toMatchObject({ ok: true, value: { transport: 'web' } });
    expect(asked.at).toBeGreaterThan(0);
    // What stood ahead of the request in the socket when it was sent.
    expect(asked.readAt - asked.at).toBeLessThanOrEqual(UPLOAD_WINDOW_BYTES);
    expect(client.counts.sent).toBe(64 * MIB);
    expect(client.counts.maxUnread).toBeLessThanOrEqual(UPLOAD_WINDOW_BYTES);
    ws.close();
  });

  it('refused on its header sends no byte, and the socket carries on', async () => {
    const ws = await connect(t);
    const replies = new Replies(ws);
    const client = countingSender(ws);
    await client.send({ id: 3, channel: 'noSuchChannel' }, importArgs(8 * UPLOAD_CHUNK_BYTES));
    await client.send({ id: 4, channel: 'getSystemInfo' }, []);
    await replies.responses(2);

    expect(replies.byId.get(3)?.[0]).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect(replies.byId.get(4)?.[0]).toMatchObject({ ok: true });
    expect(client.counts.sent).toBe(0);
    expect(replies.byId.has(null)).toBe(false);
    ws.close();
  });

  it('fails with the reason when the socket is lost mid-upload, and so does every later send', async () => {
    const doomed = await startTestServer(path.join(root, 'doomed'));
    const client = countingSender(await connect(doomed));
    const closing: { done?: Promise<void> } = {};
    server.onRead = (_frame, isBinary) => {
      if (isBinary && server.read >= 4 * MIB) closing.done ??= doomed.close();
    };
    await expect(client.send({ id: 5, channel: 'importModel' }, importArgs(64 * MIB))).rejects.toThrow(
      'the socket closed',
    );
    expect(client.counts.sent).toBeLessThan(64 * MIB);
    await expect(client.send({ id: 6, channel: 'getSystemInfo' }, [])).rejects.toThrow('the socket closed');
    await closing.done;
  });
});

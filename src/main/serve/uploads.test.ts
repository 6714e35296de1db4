// Bytes over the WebSocket: an import's file travels as binary chunks after its frame, so the
// server never reads one huge frame and the socket's other requests are answered meanwhile.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { requestChannels } from '../../shared/contract';
import { encodeArgs, encodeRequest, UPLOAD_CHUNK_BYTES } from '../../shared/ws-protocol';
import { encodeExport } from '../engine/export';
import { fakeMeta, fakePosterior } from '../engine/store/fixtures';
import { decodeRequest } from './frames';
import { connect, Replies, startTestServer, type TestServer } from './test-client';

let root: string;
let t: TestServer;
let ws: WebSocket;
let replies: Replies;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-uploads-'));
  t = await startTestServer(path.join(root, 'data'));
  ws = await connect(t);
  replies = new Replies(ws);
});

afterAll(async () => {
  ws.close();
  await t.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const send = (id: number, channel: string, args: unknown[]): Promise<void> =>
  replies.sender.send({ id, channel }, encodeArgs(args));

/** The ids of the responses from the `from`-th on, in the order they arrived. */
async function answeredIds(from: number, count: number): Promise<(number | null)[]> {
  const responses = await replies.responses(from + count);
  return responses.slice(from).map((m) => (m.kind === 'response' ? m.id : null));
}

const result = (id: number | null): unknown => replies.byId.get(id)?.at(-1);

describe('bytes sent over the WebSocket', () => {
  it('answer a request sent right after a 40 MB import before the import, even one refused on sight', async () => {
    const data = Buffer.alloc(40 * 2 ** 20, 7);
    // A name over 512 characters: the import is refused the moment its last byte is in.
    void send(1, 'importModel', [{ fileName: `${'x'.repeat(600)}.safetensors`, data }]);
    void send(2, 'getSystemInfo', []);
    expect(await answeredIds(0, 2)).toEqual([2, 1]);
    expect(result(2)).toMatchObject({ ok: true, value: { transport: 'web' } });
    expect(result(1)).toMatchObject({ ok: false, error: { code: 'invalid_arguments' } });
  });

  it('arrive whole: a model sent in many chunks imports', async () => {
    const meta = { ...fakeMeta({ id: 'wide', hidden: [1024] }), calibration: null };
    const file = encodeExport({ dir: '', meta, posterior: fakePosterior([1024]), metrics: [] }, '0.0.0-test');
    expect(file.length).toBeGreaterThan(4 * UPLOAD_CHUNK_BYTES);
    void send(3, 'importModel', [{ fileName: 'wide.safetensors', data: file }]);
    void send(4, 'getSystemInfo', []);
    expect(await answeredIds(2, 2)).toEqual([4, 3]);
    expect(result(3)).toMatchObject({ ok: true, value: { builtIn: false, hidden: [1024] } });
  }, 120_000);

  it('count toward the channel’s cap, checked from the header before any byte arrives', () => {
    const frame = (channel: string, bytes: number[]): Buffer =>
      Buffer.from(encodeRequest({ id: 5, channel, bytes }, '[{"data":{"$bytes":0}}]'));
    const importCap = requestChannels.importModel.maxRequestBytes;
    expect(decodeRequest(frame('importModel', [importCap]))).toMatchObject({
      ok: false,
      id: 5,
      error: { code: 'payload_too_large' },
    });
    expect(decodeRequest(frame('listModels', [requestChannels.listModels.maxRequestBytes]))).toMatchObject({
      ok: false,
      error: { code: 'payload_too_large' },
    });
    expect(decodeRequest(frame('importModel', [importCap / 2]))).toMatchObject({
      ok: true,
      bytes: [importCap / 2],
    });
  });

  it('out of turn get an error reply, and the socket carries on', async () => {
    const announce = (id: number, bytes: number): string =>
      encodeRequest({ id, channel: 'importModel', bytes: [bytes] }, '[{"fileName":"a","data":{"$bytes":0}}]');
    ws.send(Buffer.from([1, 2, 3]));
    ws.send(announce(10, 4));
    ws.send(announce(11, 2));
    ws.send(Buffer.from('abcd'));
    ws.send(announce(12, 2));
    ws.send(Buffer.from('abcde'));
    ws.send(encodeRequest({ id: 13, channel: 'getSystemInfo' }, '[]'));
    await answeredIds(4, 5);
    const code = (id: number | null): unknown => (result(id) as { error?: { code: string } }).error?.code;
    expect(code(null)).toBe('malformed_message');
    expect(code(11)).toBe('malformed_message');
    // Request 10's four bytes arrived whole and were read as an export file.
    expect(code(10)).toBe('import_invalid');
    expect(code(12)).toBe('malformed_message');
    expect(result(13)).toMatchObject({ ok: true });
    expect(ws.readyState).toBe(ws.OPEN);
  });
});

import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { encodeArgs, encodeRequest } from '../../shared/ws-protocol';
import { newLaunchKey } from './access';
import { MAX_CONNECTIONS } from './server';
import { connect, Replies, startTestServer, type TestServer } from './test-client';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});

afterAll(async () => {
  await t.close();
});

/** GET / with a forged Host header (fetch cannot set one). */
function getStatus(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: t.port, path: '/', headers: { Host: host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.once('error', reject);
  });
}

/** The HTTP status a refused upgrade answered with. */
async function refusal(connecting: Promise<WebSocket>): Promise<string> {
  const error = await connecting.then(
    () => new Error('connected'),
    (e: unknown) => e as Error,
  );
  return error.message;
}

/** Connects, retrying while the server still counts a socket whose close is under way. */
async function connectOnceFreed(): Promise<WebSocket> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await connect(t);
    } catch (error) {
      if (attempt >= 100 || !String(error).includes('503')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

function nextMessage(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) =>
    ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')))),
  );
}

describe('web server', () => {
  it('serves the renderer on 127.0.0.1 with a Content-Security-Policy, the key in the fragment', async () => {
    expect(t.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#key=[A-Za-z0-9_-]{43}$/);
    const res = await fetch(t.server.origin);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<title>Unsure</title>');
    expect(await getStatus(`localhost:${t.port}`)).toBe(200);
  });

  it('answers requests over the WebSocket with the handlers’ results', async () => {
    const ws = await connect(t);
    const reply = nextMessage(ws);
    ws.send(encodeRequest({ id: 7, channel: 'renameModel' }, encodeArgs([{ id: 'x' }]).text));
    expect(await reply).toMatchObject({
      kind: 'response',
      id: 7,
      result: { ok: false, error: { code: 'invalid_arguments' } },
    });
    ws.close();
  });

  it('pushes events to connected clients', async () => {
    const ws = await connect(t);
    const message = nextMessage(ws);
    t.events.emit('modelsChanged', { reason: 'test' });
    expect(await message).toEqual({ kind: 'event', event: 'modelsChanged', payload: { reason: 'test' } });
    ws.close();
  });
});

describe('who may use the web server', () => {
  it('refuses pages and the API under a host name that is not loopback (DNS rebinding)', async () => {
    const rebound = `attacker.example:${t.port}`;
    expect(await getStatus(rebound)).toBe(403);
    expect(await refusal(connect(t, { host: rebound, origin: `http://${rebound}` }))).toContain('403');
  });

  it('refuses WebSockets from other origins, another port of 127.0.0.1 included', async () => {
    expect(await refusal(connect(t, { origin: 'http://evil.example' }))).toContain('403');
    expect(await refusal(connect(t, { origin: `http://127.0.0.1:${t.port + 1}` }))).toContain('403');
  });

  it('opens the WebSocket only with this launch’s key', async () => {
    expect(await refusal(connect(t, { key: null }))).toContain('401');
    expect(await refusal(connect(t, { key: newLaunchKey() }))).toContain('401');
    expect(await refusal(connect(t, { key: `${t.key}x` }))).toContain('401');
    const ws = await connect(t, { host: `localhost:${t.port}` });
    ws.close();
  });

  it(`takes at most ${MAX_CONNECTIONS} WebSockets at once`, async () => {
    const sockets = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => connect(t)));
    expect(await refusal(connect(t))).toContain('503');
    sockets[0]!.close();
    const again = await connectOnceFreed();
    const replies = new Replies(again);
    again.send(encodeRequest({ id: 1, channel: 'listPresets' }, '[]'));
    expect((await replies.responses(1))[0]).toMatchObject({ id: 1, result: { ok: true } });
    for (const ws of [again, ...sockets.slice(1)]) ws.close();
  });
});

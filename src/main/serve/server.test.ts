import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { EventHub } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import { startWebServer, type RunningServer } from './server';

let server: RunningServer;
let events: EventHub;
let rendererDir: string;

beforeAll(async () => {
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-renderer-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Unsure</title>');
  events = new EventHub();
  const handlers = createHandlers({
    appVersion: '0.0.0-test',
    transport: 'web',
    dataRoot: rendererDir,
    resourcesDir: rendererDir,
    events,
    dialogs: null,
  });
  server = await startWebServer({ handlers, events, rendererDir, port: 0 });
});

afterAll(async () => {
  await server.close();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

function connect(origin: string): Promise<WebSocket> {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}api`, { origin });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function nextMessage(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) =>
    ws.once('message', (data: Buffer) => resolve(JSON.parse(data.toString('utf8')))),
  );
}

describe('web server', () => {
  it('serves the renderer on 127.0.0.1 with a Content-Security-Policy', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<title>Unsure</title>');
  });

  it('answers requests over the WebSocket with the handlers’ results', async () => {
    const ws = await connect(server.url.replace(/\/$/, ''));
    const reply = nextMessage(ws);
    ws.send(JSON.stringify({ id: 7, channel: 'renameModel', args: [{ id: 'x' }] }));
    expect(await reply).toMatchObject({
      kind: 'response',
      id: 7,
      result: { ok: false, error: { code: 'invalid_arguments' } },
    });
    ws.close();
  });

  it('pushes events to connected clients', async () => {
    const ws = await connect(server.url.replace(/\/$/, ''));
    const message = nextMessage(ws);
    events.emit('modelsChanged', { reason: 'test' });
    expect(await message).toEqual({ kind: 'event', event: 'modelsChanged', payload: { reason: 'test' } });
    ws.close();
  });

  it('refuses WebSocket connections from other origins', async () => {
    await expect(connect('http://evil.example')).rejects.toThrow();
  });
});

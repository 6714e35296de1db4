// Web mode: serves the built renderer on 127.0.0.1 and the contract over a WebSocket, calling the
// very handlers Electron's IPC calls.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import sirv from 'sirv';
import { WebSocketServer, type WebSocket } from 'ws';
import { ClientMessage, MAX_MESSAGE_BYTES, type ServerMessage } from '../../shared/ws-protocol';
import { dispatch, type EventHub, type Handlers } from '../api/dispatch';
import { WEB_CONTENT_SECURITY_POLICY } from '../security';

export interface WebServerOptions {
  handlers: Handlers;
  events: EventHub;
  rendererDir: string;
  host?: string;
  port?: number;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

function send(socket: WebSocket, message: ServerMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

async function onMessage(socket: WebSocket, handlers: Handlers, data: unknown): Promise<void> {
  let message: ClientMessage;
  try {
    message = ClientMessage.parse(JSON.parse(String(data)));
  } catch {
    socket.close(1003, 'malformed message');
    return;
  }
  const result = await dispatch(handlers, message.channel, message.args);
  send(socket, { kind: 'response', id: message.id, result });
}

/** Starts the web server; resolves once it listens, with its URL. */
export async function startWebServer(options: WebServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const assets = sirv(options.rendererDir, { single: true, dev: false, etag: true });
  const server = http.createServer((req, res) => {
    res.setHeader('Content-Security-Policy', WEB_CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    assets(req, res, () => {
      res.statusCode = 404;
      res.end('not found');
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const expected = `http://${req.headers.host ?? ''}`;
    // Only pages served by this server may connect: another site open in the browser may not.
    if (req.url !== '/api' || req.headers.origin !== expected) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  wss.on('connection', (socket) => {
    const remove = options.events.add((event, payload) => send(socket, { kind: 'event', event, payload }));
    socket.on('message', (data) => void onMessage(socket, options.handlers, data));
    socket.on('close', remove);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}

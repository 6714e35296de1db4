// Web mode: serves the built renderer on 127.0.0.1 and the contract over a WebSocket, calling the
// very handlers Electron's IPC calls. Who may connect is decided in ./access.ts.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import sirv from 'sirv';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { KEY_PARAMETER, MAX_FRAME_BYTES, type ServerMessage } from '../../shared/ws-protocol';
import { dispatch, type EventHub, type Handlers } from '../api/dispatch';
import { WEB_CONTENT_SECURITY_POLICY } from '../security';
import { allowedHosts, hostAllowed, keysMatch, originAllowed, requestKey } from './access';
import { RequestReader, type Incoming } from './uploads';

/** Open WebSockets at once: a few browser tabs; each may hold a frame of up to MAX_FRAME_BYTES. */
export const MAX_CONNECTIONS = 8;

export interface WebServerOptions {
  handlers: Handlers;
  events: EventHub;
  rendererDir: string;
  /** This launch's key: the served page must present it to open the WebSocket. */
  launchKey: string;
  host?: string;
  port?: number;
}

export interface RunningServer {
  /** The address to open, with the launch key in its fragment. */
  url: string;
  /** The address without the key. */
  origin: string;
  close(): Promise<void>;
}

function send(socket: WebSocket, message: ServerMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

function frameBytes(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/**
 * Acknowledges a message of an unfinished upload; answers one that completes a request; a broken
 * one gets an error reply, the socket stays open.
 */
async function answer(socket: WebSocket, handlers: Handlers, incoming: Incoming): Promise<void> {
  if (incoming.kind === 'pending') {
    send(socket, { kind: 'ack', id: incoming.id, received: incoming.received });
    return;
  }
  if (incoming.kind === 'refused') {
    send(socket, { kind: 'response', id: incoming.id, result: { ok: false, error: incoming.error } });
    return;
  }
  const result = await dispatch(handlers, incoming.channel, incoming.args);
  send(socket, { kind: 'response', id: incoming.id, result });
}

function refuseUpgrade(socket: Socket, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Starts the web server; resolves once it listens, with its URL. */
export async function startWebServer(options: WebServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const assets = sirv(options.rendererDir, { single: true, dev: false, etag: true });
  // Filled in once listening: until then no request can arrive.
  let hosts = new Set<string>();
  const server = http.createServer((req, res) => {
    res.setHeader('Content-Security-Policy', WEB_CONTENT_SECURITY_POLICY);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (!hostAllowed(req, hosts)) {
      res.statusCode = 403;
      res.end('forbidden host');
      return;
    }
    assets(req, res, () => {
      res.statusCode = 404;
      res.end('not found');
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  server.on('upgrade', (req, socket: Socket, head) => {
    const key = requestKey(req);
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/api') {
      refuseUpgrade(socket, 404, 'Not Found');
    } else if (!hostAllowed(req, hosts) || !originAllowed(req, hosts)) {
      refuseUpgrade(socket, 403, 'Forbidden');
    } else if (key === null || !keysMatch(key, options.launchKey)) {
      refuseUpgrade(socket, 401, 'Unauthorized');
    } else if (wss.clients.size >= MAX_CONNECTIONS) {
      refuseUpgrade(socket, 503, 'Service Unavailable');
    } else {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    }
  });
  wss.on('connection', (socket: WebSocket) => {
    const remove = options.events.add((event, payload) => send(socket, { kind: 'event', event, payload }));
    const reader = new RequestReader();
    socket.on('message', (data, isBinary) => {
      void answer(socket, options.handlers, reader.read(frameBytes(data), isBinary));
    });
    socket.on('close', remove);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  hosts = allowedHosts(port);
  const origin = `http://${host}:${port}/`;
  return {
    url: `${origin}#${KEY_PARAMETER}=${options.launchKey}`,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
      }),
  };
}

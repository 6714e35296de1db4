// Test helpers: a real web server on 127.0.0.1 with real handlers, and a raw WebSocket client that
// can forge Host, Origin and key, and send frames the renderer never would.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { EventHub } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import { newLaunchKey } from './access';
import { startWebServer, type RunningServer } from './server';
import { KEY_PARAMETER, ServerMessage } from '../../shared/ws-protocol';
import { RequestSender } from '../../shared/ws-sender';

export interface TestServer {
  server: RunningServer;
  events: EventHub;
  key: string;
  port: number;
  /** `127.0.0.1:PORT`, what a browser on the served page sends as Host. */
  host: string;
  close(): Promise<void>;
}

/** Starts a server over `dataRoot` (a fresh temp folder when absent) with a fresh launch key. */
export async function startTestServer(dataRoot?: string, resourcesDir?: string): Promise<TestServer> {
  const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-renderer-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Unsure</title>');
  const events = new EventHub();
  const handlers = createHandlers({
    appVersion: '0.0.0-test',
    transport: 'web',
    dataRoot: dataRoot ?? rendererDir,
    resourcesDir: resourcesDir ?? rendererDir,
    events,
    dialogs: null,
  });
  const key = newLaunchKey();
  const server = await startWebServer({ handlers, events, rendererDir, launchKey: key, port: 0 });
  const port = Number(new URL(server.origin).port);
  return {
    server,
    events,
    key,
    port,
    host: `127.0.0.1:${port}`,
    close: async () => {
      await server.close();
      fs.rmSync(rendererDir, { recursive: true, force: true });
    },
  };
}

export interface ConnectOptions {
  /** The key to present; the server's own when absent, none at all when null. */
  key?: string | null;
  host?: string;
  origin?: string;
}

/** Opens a WebSocket as the served page would, with any of Host, Origin or key replaced. */
export function connect(t: TestServer, options: ConnectOptions = {}): Promise<WebSocket> {
  const key = options.key === undefined ? t.key : options.key;
  const query = key === null ? '' : `?${KEY_PARAMETER}=${encodeURIComponent(key)}`;
  const host = options.host ?? t.host;
  const ws = new WebSocket(`ws://127.0.0.1:${t.port}/api${query}`, {
    headers: { Host: host },
    origin: options.origin ?? `http://${host}`,
  });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Collects every reply of `ws` by id (null for frames with no readable id); `sender` sends as the page does. */
export class Replies {
  readonly byId = new Map<number | null, unknown[]>();
  readonly all: ServerMessage[] = [];
  readonly sender: RequestSender;
  private waiters: (() => void)[] = [];
  private closed: string | null = null;

  constructor(ws: WebSocket) {
    this.sender = new RequestSender(ws);
    ws.on('close', (code: number, reason: Buffer) => {
      this.closed = `the server closed the socket (${code} ${reason.toString('utf8')})`;
      this.sender.close(this.closed);
      for (const wake of this.waiters.splice(0)) wake();
    });
    ws.on('message', (data: Buffer) => {
      const message = ServerMessage.parse(JSON.parse(data.toString('utf8')));
      this.all.push(message);
      this.sender.receive(message);
      if (message.kind === 'response') {
        this.byId.set(message.id, [...(this.byId.get(message.id) ?? []), message.result]);
      }
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** Resolves once `count` responses have arrived; throws if the socket closes first. */
  async responses(count: number): Promise<ServerMessage[]> {
    const answered = (): ServerMessage[] => this.all.filter((m) => m.kind === 'response');
    while (answered().length < count) {
      if (this.closed !== null) throw new Error(`${this.closed} after ${answered().length} responses`);
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
    return answered();
  }
}

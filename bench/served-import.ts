// The `import-served` case of responsiveness.ts: the real web server in a child process, a 300 MB
// import over a WebSocket, and getSystemInfo every 50 ms both on another socket (the server's event
// loop) and on the import's own socket, between its chunks (what the page that imports sees). The
// upload itself runs in a third process. A ping goes when due or, if the one before is still
// unanswered, right after it: its lateness counts from when it was due (a stall in full, and once a
// round trip exceeds PING_MS the lateness adds up), its round trip from when it went.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { encodeArgs, KEY_PARAMETER, ServerMessage } from '../src/shared/ws-protocol';
import { RequestSender } from '../src/shared/ws-sender';
import { quantile, rssMb } from './process-stats';

const PING_MS = 50;

/** Starts `src/main/serve.ts` on a free port over `root`; resolves with its URL once it listens. */
function startServer(root: string): Promise<{ child: ChildProcess; url: URL }> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, path.resolve('src/main/serve.ts'), '--port', '0', '--data', root],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' } },
  );
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const found = /serving on (\S+)/.exec(chunk.toString('utf8'));
      if (found) resolve({ child, url: new URL(found[1]!) });
    });
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
  });
}

/** A client of one socket: sends requests, resolves each with its result when it is answered. */
async function openClient(url: URL): Promise<(channel: string, args: unknown[]) => Promise<unknown>> {
  const key = new URLSearchParams(url.hash.slice(1)).get(KEY_PARAMETER) ?? '';
  const ws = new WebSocket(`ws://${url.host}/api?${KEY_PARAMETER}=${key}`, { origin: url.origin });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const pending = new Map<number, (result: unknown) => void>();
  const sender = new RequestSender(ws);
  ws.on('close', () => sender.close('the server closed the socket'));
  ws.on('message', (data: Buffer) => {
    const message = ServerMessage.parse(JSON.parse(data.toString('utf8')));
    sender.receive(message);
    if (message.kind === 'response' && message.id !== null) pending.get(message.id)?.(message.result);
  });
  let nextId = 1;
  return (channel, args) => {
    const id = nextId++;
    const answered = new Promise((resolve) => pending.set(id, resolve));
    void sender.send({ id, channel }, encodeArgs(args));
    return answered;
  };
}

type Call = Awaited<ReturnType<typeof openClient>>;

/** Latencies of the pings: from when each was due (a stall counts in full) and from when it was sent. */
interface Pings {
  late: number[];
  roundTrips: number[];
}

/** getSystemInfo every PING_MS on `client` until `done` settles, one at a time. */
async function pingUntil(client: Call, done: Promise<unknown>): Promise<Pings> {
  let running = true;
  void done.finally(() => (running = false));
  const pings: Pings = { late: [], roundTrips: [] };
  for (let due = performance.now(); running; due += PING_MS) {
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const sent = performance.now();
    const reply = (await client('getSystemInfo', [])) as { ok: boolean };
    if (!reply.ok) throw new Error('getSystemInfo failed');
    pings.late.push(performance.now() - due);
    pings.roundTrips.push(performance.now() - sent);
  }
  for (const list of [pings.late, pings.roundTrips]) list.sort((a, b) => a - b);
  return pings;
}

interface UploadOutcome {
  seconds: number;
  result: { ok: boolean; error?: { message: string } };
  /** getSystemInfo latencies on the import's own socket, between its chunks. */
  sameSocket: Pings;
}

/** Runs this file as a child process that imports `file` through `url`'s WebSocket. */
function runUploader(url: URL, file: string): Promise<UploadOutcome> {
  const child = spawn(process.execPath, [...process.execArgv, __filename, UPLOAD, url.href, file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as UploadOutcome) : reject(new Error(`uploader exited ${code}`)),
    );
  });
}

/** The uploader: imports the file named on its command line, prints its duration and result. */
async function upload(url: URL, file: string): Promise<void> {
  const data = new Uint8Array(fs.readFileSync(file));
  const call = await openClient(url);
  const started = performance.now();
  const importing = call('importModel', [{ fileName: 'big.safetensors', data }]);
  const sameSocket = await pingUntil(call, importing);
  const outcome = { seconds: (performance.now() - started) / 1000, result: await importing, sameSocket };
  process.stdout.write(JSON.stringify(outcome));
  process.exit(0);
}

const UPLOAD = '--uploader';
if (process.argv[2] === UPLOAD) void upload(new URL(process.argv[3]!), process.argv[4]!);

/** Imports `file` over the served WebSocket while pinging getSystemInfo; prints the figures. */
export async function measureServedImport(file: Uint8Array): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-bench-served-'));
  const { child, url } = await startServer(root);
  const call = await openClient(url);
  // A running app has loaded the backend and, with the Data view, MNIST's labels.
  await call('getSystemInfo', []);
  await call('getDatasetSummary', []);
  const other = await openClient(url);
  // The upload runs in its own process, as a browser would send it, so its masking (JavaScript in
  // the `ws` client) does not delay the pings' replies here.
  const fileName = path.join(root, '..', `${path.basename(root)}.safetensors`);
  fs.writeFileSync(fileName, file);
  const uploading = runUploader(url, fileName);
  const apart = await pingUntil(other, uploading);
  const { seconds, result, sameSocket: behind } = await uploading;
  fs.rmSync(fileName);
  const serverPeak = rssMb(child.pid!, 'VmHWM');
  child.kill('SIGTERM');
  fs.rmSync(root, { recursive: true, force: true });
  if (!result.ok) throw new Error(`import-served: ${result.error?.message}`);
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const figures = (l: number[]) =>
    `median ${ms(quantile(l, 0.5))}, p95 ${ms(quantile(l, 0.95))}, max ${ms(l.at(-1)!)}`;
  const both = (p: Pings) =>
    `×${p.late.length}: ${figures(p.late)} (round trip alone: ${figures(p.roundTrips)})`;
  console.log(
    `import-served: ${seconds.toFixed(1)} s; getSystemInfo on another socket ${both(apart)}; ` +
      `on the import's own socket ${both(behind)}; server peak RSS ${serverPeak.toFixed(0)} MB; ` +
      `load ${os.loadavg()[0]!.toFixed(1)}`,
  );
}

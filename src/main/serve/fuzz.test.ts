// A bounded, seeded fuzz of the WebSocket API: a real server with the real handlers over a temp data
// folder holding two models (and a built-in default), thousands of valid and malformed frames.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { z } from 'zod';
import { resultSchema } from '../../shared/api/common';
import { encodeRequest } from '../../shared/ws-protocol';
import { Rng } from '../engine/bnn/rng';
import { writeFakeModel, writeFakeModelDir } from '../engine/store/fixtures';
import { fuzzFrames, type FuzzFrame } from './fuzz-frames';
import { connect, Replies, startTestServer, type TestServer } from './test-client';

const FRAMES = 3000;
const BATCH = 100;
const SEED = 20_261_130;
const MODEL_IDS = ['20240101-000000-custom-aaaa', '20240102-000000-article-bbbb'];

let base: string;
let dataRoot: string;
let resources: string;
let t: TestServer;

/** sha256 of every file under `dir`, by relative path. */
function hashTree(dir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    hashes[path.relative(dir, file)] = crypto
      .createHash('sha256')
      .update(fs.readFileSync(file))
      .digest('hex');
  }
  return hashes;
}

beforeAll(async () => {
  // Two levels deep, so even an id that climbed out of models/ would stay inside this temp folder.
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-fuzz-'));
  dataRoot = path.join(base, 'home', 'data');
  resources = path.join(base, 'resources');
  await writeFakeModelDir(path.join(resources, 'default-model'), { id: 'default-model', preset: 'article' });
  await writeFakeModel(dataRoot, { id: MODEL_IDS[0]! });
  await writeFakeModel(dataRoot, { id: MODEL_IDS[1]!, hidden: [16, 8], seed: 2 });
  t = await startTestServer(dataRoot, resources);
});

afterAll(async () => {
  await t.close();
  fs.rmSync(base, { recursive: true, force: true });
});

const AnyResult = resultSchema(z.unknown());

/** Sends `frames` in batches, each batch's replies awaited before the next. */
async function sendAll(ws: WebSocket, replies: Replies, frames: FuzzFrame[]): Promise<void> {
  for (let start = 0; start < frames.length; start += BATCH) {
    for (const frame of frames.slice(start, start + BATCH))
      for (const message of [frame.data, ...(frame.bytes ?? [])]) ws.send(message);
    await replies.responses(Math.min(frames.length, start + BATCH));
  }
}

describe('fuzzing the WebSocket API', () => {
  it(`answers ${FRAMES} random and malformed frames with results, and keeps the models intact`, async () => {
    const models = path.join(dataRoot, 'models');
    const before = { models: hashTree(models), resources: hashTree(resources) };
    const frames = fuzzFrames(new Rng(SEED), FRAMES, [...MODEL_IDS, 'default-model']);
    const ws = await connect(t);
    let closed = false;
    ws.on('close', () => (closed = true));
    const replies = new Replies(ws);

    await sendAll(ws, replies, frames);

    const responses = await replies.responses(FRAMES);
    expect(responses).toHaveLength(FRAMES);
    expect(responses.filter((m) => m.kind === 'response' && !AnyResult.safeParse(m.result).success)).toEqual(
      [],
    );
    for (const frame of frames.filter((f) => f.id !== null))
      expect(replies.byId.get(frame.id)?.length ?? 0, `${frame.kind} #${frame.id}`).toBe(1);
    expect(replies.byId.get(null)?.length).toBe(frames.filter((f) => f.id === null).length);
    expect(closed).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // The server still answers, on this socket and a new one.
    for (const socket of [ws, await connect(t)]) {
      const check = new Replies(socket);
      socket.send(encodeRequest({ id: 1, channel: 'getSystemInfo' }, '[]'));
      expect((await check.responses(1))[0]).toMatchObject({ id: 1, result: { ok: true } });
      socket.close();
    }
    expect(hashTree(models)).toEqual(before.models);
    expect(hashTree(resources)).toEqual(before.resources);
  });
});

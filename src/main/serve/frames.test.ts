import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { requestChannels } from '../../shared/contract';
import { MAX_SAMPLES } from '../../shared/api/limits';
import { encodeArgs, encodeRequest } from '../../shared/ws-protocol';
import { decodeRequest } from './frames';
import { connect, Replies, startTestServer, type TestServer } from './test-client';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});

afterAll(async () => {
  await t.close();
});

const frame = (id: number, channel: string, args: string): string => encodeRequest({ id, channel }, args);

describe('request limits', () => {
  it('cap each channel’s arguments by its own limit: only imports take hundreds of megabytes', () => {
    const small = requestChannels.getSystemInfo.maxRequestBytes;
    expect(small).toBeLessThanOrEqual(64 * 1024);
    expect(requestChannels.importModel.maxRequestBytes).toBeGreaterThan(500 * 2 ** 20);
    expect(requestChannels.checkImages.maxRequestBytes).toBeLessThan(100 * 2 ** 20);
    const oversized = decodeRequest(Buffer.from(frame(3, 'listModels', `["${'a'.repeat(small)}"]`)));
    expect(oversized).toMatchObject({ ok: false, id: 3, error: { code: 'payload_too_large' } });
    const imported = decodeRequest(Buffer.from(frame(4, 'importModel', `["${'a'.repeat(small)}"]`)));
    expect(imported).toMatchObject({ ok: true, id: 4, channel: 'importModel' });
  });

  it('recover the id of a frame whose header is otherwise broken', () => {
    expect(decodeRequest(Buffer.from('{"id":5,"channel":7}\n[]'))).toMatchObject({ ok: false, id: 5 });
    expect(decodeRequest(Buffer.from('{"id":5,"chan'))).toMatchObject({ ok: false, id: null });
    expect(decodeRequest(Buffer.from(`${' '.repeat(300)}\n[]`))).toMatchObject({ ok: false, id: null });
  });

  it('cap `samples` at one limit in every request that takes it', () => {
    const over = { samples: MAX_SAMPLES + 1 };
    for (const channel of ['getUncertaintyReport', 'getTrainScores'] as const)
      expect(requestChannels[channel].args.safeParse([over]).success).toBe(false);
    const files = [{ name: 'a.png', dataBase64: '' }];
    expect(requestChannels.checkImages.args.safeParse([{ files, ...over }]).success).toBe(false);
    expect(requestChannels.checkImages.args.safeParse([{ files, samples: MAX_SAMPLES }]).success).toBe(true);
    expect(requestChannels.startTraining.args.safeParse([{ evalSamples: MAX_SAMPLES + 1 }]).success).toBe(
      false,
    );
  });

  it("takes startTraining's absent model to start from as JSON carries it: null", () => {
    // The browser's call startTraining(config, undefined) crosses the socket as [config, null].
    const sent = JSON.parse(encodeArgs([{ steps: 10 }, undefined]).text) as unknown[];
    expect(sent).toEqual([{ steps: 10 }, null]);
    expect(requestChannels.startTraining.args.safeParse(sent).success).toBe(true);
    expect(
      requestChannels.startTraining.args.safeParse([{ steps: 10 }, { startFrom: 'default' }]).success,
    ).toBe(true);
    expect(requestChannels.startTraining.args.safeParse([{ steps: 10 }, { startFrom: '../x' }]).success).toBe(
      false,
    );
  });
});

describe('a malformed frame over the WebSocket', () => {
  let ws: WebSocket;
  let replies: Replies;

  beforeAll(async () => {
    ws = await connect(t);
    replies = new Replies(ws);
  });

  afterAll(() => ws.close());

  it('gets an error reply for that frame, and the socket and other requests carry on', async () => {
    const tooBig = `[${JSON.stringify('x'.repeat(requestChannels.listModels.maxRequestBytes))}]`;
    const frames = [
      frame(1, 'listPresets', '[]'),
      'not json at all',
      frame(2, 'listModels', '[{"unclosed": '),
      frame(3, 'dropDatabase', '[]'),
      frame(4, 'listModels', tooBig),
      frame(5, 'deleteModel', encodeArgs([{ id: 42 }]).text),
      frame(
        6,
        'checkImages',
        encodeArgs([{ files: [{ name: 'a', dataBase64: '' }], samples: MAX_SAMPLES + 1 }]).text,
      ),
      frame(7, 'getSystemInfo', '[]'),
    ];
    for (const text of frames) ws.send(text);
    await replies.responses(frames.length);
    const code = (id: number | null): unknown =>
      (replies.byId.get(id)?.[0] as { error?: { code: string } })?.error?.code;
    expect(replies.byId.get(1)?.[0]).toMatchObject({ ok: true });
    expect(code(null)).toBe('malformed_message');
    expect(code(2)).toBe('malformed_message');
    expect(code(3)).toBe('unknown_channel');
    expect(code(4)).toBe('payload_too_large');
    expect(code(5)).toBe('invalid_arguments');
    expect(code(6)).toBe('invalid_arguments');
    expect(replies.byId.get(7)?.[0]).toMatchObject({ ok: true, value: { transport: 'web' } });
    expect(ws.readyState).toBe(ws.OPEN);
  });
});

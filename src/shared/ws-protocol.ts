// The WebSocket wire protocol of web mode. A request is one text frame: a short JSON header line
// `{"id":…,"channel":…}`, a newline, then the JSON array of arguments. The header comes first so the
// server learns the channel, and so its size cap, before it parses arguments that may be hundreds of
// megabytes. Responses echo the id (null when a frame was too broken to read one); events carry none.
import { z } from 'zod';
import { MAX_REQUEST_BYTES } from './contract';

/** The launch key's name in the fragment of the URL `serve` prints and in the WebSocket URL's query. */
export const KEY_PARAMETER = 'key';

/** Where the served page keeps its launch key (its own origin's localStorage). */
export const KEY_STORAGE_ITEM = 'unsure.launchKey';

/** Longest header line a server reads; JSON.stringify never writes a raw newline inside it. */
export const MAX_HEADER_BYTES = 256;
/** The largest frame a client may send: a header and the largest channel's arguments. */
export const MAX_FRAME_BYTES = MAX_HEADER_BYTES + 1 + MAX_REQUEST_BYTES;

export const RequestId = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const RequestHeader = z.object({ id: RequestId, channel: z.string().max(64) });
export type RequestHeader = z.infer<typeof RequestHeader>;

/** The arguments' part of a request frame, as the server's size cap counts it. */
export function encodeArgs(args: unknown[]): string {
  return JSON.stringify(args);
}

/** One request frame: header line, newline, arguments. */
export function encodeRequest(header: RequestHeader, encodedArgs: string): string {
  return `${JSON.stringify(header)}\n${encodedArgs}`;
}

export const ServerMessage = z.union([
  z.object({
    kind: z.literal('response'),
    id: RequestId.nullable(),
    result: z.unknown(),
  }),
  z.object({ kind: z.literal('event'), event: z.string(), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

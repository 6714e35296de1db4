// The WebSocket wire protocol of web mode. A request is one text frame: a short JSON header line
// `{"id":…,"channel":…}`, a newline, then the JSON array of arguments. The header comes first so the
// server learns the channel, and so its size cap, before it parses anything else. Bytes in the
// arguments (any Uint8Array) stay out of the JSON: each becomes a `{"$bytes": i}` placeholder, the
// header lists their lengths (`bytes`), and the bytes follow as binary messages of at most
// UPLOAD_CHUNK_BYTES. So a large file is never base64, never parsed as JSON, never one huge frame
// for the server to unmask at once. The server acknowledges an upload's header once it accepts it
// and each chunk once it has consumed it (`ack`); a client keeps at most UPLOAD_WINDOW_BYTES sent
// and unacknowledged, so a request sent on the same socket mid-upload waits behind no more than that
// (./ws-sender.ts). A socket carries one upload at a time. Responses echo the id (null when a frame
// was too broken to read one); events carry none.
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
/** Largest binary message of an upload: small enough that receiving one never stalls the server. */
export const UPLOAD_CHUNK_BYTES = 1024 * 1024;
/** Most upload bytes a client keeps sent but not yet acknowledged: what a request sent meanwhile waits behind. */
export const UPLOAD_WINDOW_BYTES = 2 * UPLOAD_CHUNK_BYTES;
/** Most byte arrays in one request. */
const MAX_UPLOAD_PARTS = 8;

export const RequestId = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const RequestHeader = z.object({
  id: RequestId,
  channel: z.string().max(64),
  /** Lengths of the byte arrays that follow this frame as binary messages, in placeholder order. */
  bytes: z.array(z.number().int().min(0).max(MAX_REQUEST_BYTES)).max(MAX_UPLOAD_PARTS).optional(),
});
export type RequestHeader = z.infer<typeof RequestHeader>;

/** A request's arguments as they travel: JSON with placeholders, and the bytes they stand for. */
export interface EncodedArgs {
  text: string;
  bytes: Uint8Array[];
}

const BYTES_KEY = '$bytes';

/** `value` with each Uint8Array inside (arrays and plain objects) moved to `bytes`, a placeholder left. */
function detachBytes(value: unknown, bytes: Uint8Array[]): unknown {
  if (value instanceof Uint8Array) return { [BYTES_KEY]: bytes.push(value) - 1 };
  if (Array.isArray(value)) return value.map((item) => detachBytes(item, bytes));
  if (typeof value !== 'object' || value === null) return value;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, detachBytes(item, bytes)]));
}

/** Splits `args` into JSON text and its byte arrays; the server's size cap counts both. */
export function encodeArgs(args: unknown[]): EncodedArgs {
  const bytes: Uint8Array[] = [];
  // Detached before JSON.stringify, which would first turn a Buffer into a list of numbers.
  const text = JSON.stringify(detachBytes(args, bytes));
  return { text, bytes };
}

/** The size a channel's cap is checked against: the JSON text and every byte array. */
export function encodedSize(encoded: EncodedArgs): number {
  return encoded.bytes.reduce((sum, part) => sum + part.byteLength, encoded.text.length);
}

/** Parsed arguments with each `{"$bytes": i}` placeholder replaced by `parts[i]`. */
export function attachBytes(value: unknown, parts: readonly Uint8Array[]): unknown {
  if (Array.isArray(value)) return value.map((item) => attachBytes(item, parts));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const index = record[BYTES_KEY];
  if (keys.length === 1 && typeof index === 'number' && Number.isInteger(index) && parts[index])
    return parts[index];
  return Object.fromEntries(keys.map((key) => [key, attachBytes(record[key], parts)]));
}

/** One request frame: header line, newline, arguments' JSON. */
export function encodeRequest(header: RequestHeader, argsText: string): string {
  return `${JSON.stringify(header)}\n${argsText}`;
}

/** A request's text frame; its header announces the lengths of `encoded.bytes`, which follow it. */
export function requestFrame(header: RequestHeader, encoded: EncodedArgs): string {
  const lengths = encoded.bytes.map((part) => part.byteLength);
  return encodeRequest(lengths.length > 0 ? { ...header, bytes: lengths } : header, encoded.text);
}

export const ServerMessage = z.union([
  z.object({
    kind: z.literal('response'),
    id: RequestId.nullable(),
    result: z.unknown(),
  }),
  z.object({ kind: z.literal('event'), event: z.string(), payload: z.unknown() }),
  /** Upload `id`'s header is accepted (received 0) or its first `received` bytes are consumed. */
  z.object({ kind: z.literal('ack'), id: RequestId, received: z.number().int().min(0) }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

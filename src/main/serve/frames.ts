// Reads one request frame of the WebSocket protocol (src/shared/ws-protocol.ts) without trusting it:
// the header first, then the channel's size cap (the bytes it announces included), and only then the
// arguments' JSON.
import { isRequestName, requestChannels, type RequestName } from '../../shared/contract';
import type { ApiError } from '../../shared/result';
import { MAX_HEADER_BYTES, RequestHeader, RequestId } from '../../shared/ws-protocol';

export type DecodedRequest =
  | {
      ok: true;
      id: number;
      channel: RequestName;
      /** Parsed arguments; placeholders for the announced bytes still in place. */
      args: unknown;
      /** Lengths of the byte arrays to follow as binary messages. */
      bytes: number[];
    }
  | { ok: false; id: number | null; error: ApiError };

const NEWLINE = 0x0a;

function refuse(id: number | null, code: string, message: string): DecodedRequest {
  return { ok: false, id, error: { code, message } };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The header's id, when the header is JSON with a valid id even if the rest of it is not. */
function recoverId(header: unknown): number | null {
  if (typeof header !== 'object' || header === null || !('id' in header)) return null;
  const id = RequestId.safeParse(header.id);
  return id.success ? id.data : null;
}

/** Splits a frame into id, channel and parsed arguments, or says what is wrong with it. */
export function decodeRequest(frame: Buffer): DecodedRequest {
  const newline = frame.subarray(0, MAX_HEADER_BYTES + 1).indexOf(NEWLINE);
  if (newline < 0)
    return refuse(
      null,
      'malformed_message',
      `a request starts with a header line of at most ${MAX_HEADER_BYTES} bytes`,
    );
  const raw = parseJson(frame.toString('utf8', 0, newline));
  const header = raw.ok ? RequestHeader.safeParse(raw.value) : null;
  if (!header?.success) {
    return refuse(
      raw.ok ? recoverId(raw.value) : null,
      'malformed_message',
      'the request header is not {id, channel}',
    );
  }
  const { id, channel, bytes = [] } = header.data;
  if (!isRequestName(channel)) return refuse(id, 'unknown_channel', `unknown request channel ${channel}`);
  const size = bytes.reduce((sum, length) => sum + length, frame.length - newline - 1);
  const cap = requestChannels[channel].maxRequestBytes;
  if (size > cap)
    return refuse(id, 'payload_too_large', `${channel} takes at most ${cap} bytes of arguments, got ${size}`);
  const args = parseJson(frame.toString('utf8', newline + 1));
  if (!args.ok) return refuse(id, 'malformed_message', `${channel}: the arguments are not JSON`);
  return { ok: true, id, channel, args: args.value, bytes };
}

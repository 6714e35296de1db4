// One WebSocket connection's messages turned into requests. A text frame is read at once
// (./frames.ts); one that announces bytes waits for them, each binary message copied into place,
// and becomes a request when the last byte is in. Only the small JSON is ever parsed. Until then
// each message is acknowledged with the bytes consumed so far: the client's window moves on it.
import type { RequestName } from '../../shared/contract';
import type { ApiError } from '../../shared/result';
import { attachBytes } from '../../shared/ws-protocol';
import { decodeRequest } from './frames';

/** A message's outcome: a complete request, a refusal to reply with, or upload `id` still arriving. */
export type Incoming =
  | { kind: 'request'; id: number; channel: RequestName; args: unknown }
  | { kind: 'refused'; id: number | null; error: ApiError }
  | { kind: 'pending'; id: number; received: number };

interface Upload {
  id: number;
  channel: RequestName;
  args: unknown;
  /** The announced byte arrays, filled in order. */
  parts: Uint8Array[];
  part: number;
  offset: number;
  /** Bytes consumed in all. */
  received: number;
}

const refused = (id: number | null, message: string): Incoming => ({
  kind: 'refused',
  id,
  error: { code: 'malformed_message', message },
});

/** Reads one connection's messages in order; holds at most one upload. */
export class RequestReader {
  private upload: Upload | null = null;

  /** What a message amounts to, given the ones before it on this connection. */
  read(data: Buffer, isBinary: boolean): Incoming {
    return isBinary ? this.readBytes(data) : this.readFrame(data);
  }

  private readFrame(frame: Buffer): Incoming {
    const request = decodeRequest(frame);
    if (!request.ok) return { kind: 'refused', id: request.id, error: request.error };
    const { id, channel, args, bytes } = request;
    if (bytes.length === 0) return { kind: 'request', id, channel, args };
    if (this.upload)
      return refused(id, `the bytes of request ${this.upload.id} are still arriving: one upload at a time`);
    // Zero-filled memory is only committed as the chunks arrive.
    const parts = bytes.map((length) => new Uint8Array(length));
    this.upload = { id, channel, args, parts, part: 0, offset: 0, received: 0 };
    return this.finished(this.upload);
  }

  private readBytes(chunk: Buffer): Incoming {
    const upload = this.upload;
    if (!upload) return refused(null, 'binary data that no request announced');
    for (let from = 0; from < chunk.length;) {
      this.skipFilled(upload);
      const part = upload.parts[upload.part];
      if (!part) {
        this.upload = null;
        return refused(upload.id, `${upload.channel}: more bytes arrived than its header announced`);
      }
      const count = Math.min(part.length - upload.offset, chunk.length - from);
      part.set(chunk.subarray(from, from + count), upload.offset);
      from += count;
      upload.offset += count;
      upload.received += count;
    }
    return this.finished(upload);
  }

  /** Moves past the parts already full (empty ones included). */
  private skipFilled(upload: Upload): void {
    while (upload.part < upload.parts.length && upload.offset === upload.parts[upload.part]!.length) {
      upload.part++;
      upload.offset = 0;
    }
  }

  private finished(upload: Upload): Incoming {
    this.skipFilled(upload);
    if (upload.part < upload.parts.length)
      return { kind: 'pending', id: upload.id, received: upload.received };
    this.upload = null;
    return {
      kind: 'request',
      id: upload.id,
      channel: upload.channel,
      args: attachBytes(upload.args, upload.parts),
    };
  }
}

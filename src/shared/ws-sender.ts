// A client's sending side of one WebSocket (the protocol: ./ws-protocol.ts). A request without bytes
// goes out at once. An upload's chunks go out only while the server's acks leave room in the window,
// so a request sent meanwhile is read after at most UPLOAD_WINDOW_BYTES more of the upload, not after
// everything the socket and the kernel would buffer. The server answering an upload before its last
// byte (a refusal) stops it; the socket closing fails it: nothing waits forever.
import {
  requestFrame,
  UPLOAD_CHUNK_BYTES,
  UPLOAD_WINDOW_BYTES,
  type EncodedArgs,
  type RequestHeader,
  type ServerMessage,
} from './ws-protocol';

/** What a RequestSender needs of a WebSocket: the browser's and the `ws` package's both fit. */
export interface RequestSocket {
  send(data: string | Uint8Array): void;
}

/** One upload's progress as the server reports it. */
interface Flow {
  /** Bytes the server has consumed; null until it has accepted the header. */
  acked: number | null;
  /** The server answered before the last byte went out, so it refused the upload. */
  answered: boolean;
  /** Wakes the sender waiting for room; replaced at each wait. */
  wake: () => void;
}

/** Sends the requests of one socket; its owner feeds it every server message and the socket's close. */
export class RequestSender {
  private readonly flows = new Map<number, Flow>();
  // The server takes one upload at a time per socket.
  private uploads: Promise<void> = Promise.resolve();
  private closed: string | null = null;

  constructor(private readonly socket: RequestSocket) {}

  /**
   * Sends a request, then its bytes (if any) chunk by chunk within the window, after the uploads
   * before it. Resolves once all is sent or the server answered early; rejects once the socket closed.
   */
  send(header: RequestHeader, encoded: EncodedArgs): Promise<void> {
    if (encoded.bytes.length === 0) {
      if (this.closed !== null) return Promise.reject(new Error(this.closed));
      this.socket.send(requestFrame(header, encoded));
      return Promise.resolve();
    }
    const sent = this.uploads.then(() => this.upload(header, encoded));
    this.uploads = sent.catch(() => undefined);
    return sent;
  }

  /** Takes a server message: an ack makes room for its upload, a response ends it. */
  receive(message: ServerMessage): void {
    if (message.kind === 'event' || message.id === null) return;
    const flow = this.flows.get(message.id);
    if (!flow) return;
    if (message.kind === 'ack') flow.acked = Math.max(flow.acked ?? 0, message.received);
    else flow.answered = true;
    flow.wake();
  }

  /** The socket closed: every upload still sending fails with `reason`, and so does any later send. */
  close(reason: string): void {
    this.closed = reason;
    for (const flow of this.flows.values()) flow.wake();
  }

  private async upload(header: RequestHeader, encoded: EncodedArgs): Promise<void> {
    if (this.closed !== null) throw new Error(this.closed);
    const flow: Flow = { acked: null, answered: false, wake: () => undefined };
    this.flows.set(header.id, flow);
    try {
      this.socket.send(requestFrame(header, encoded));
      let sent = 0;
      for (const part of encoded.bytes) {
        for (let start = 0; start < part.byteLength; start += UPLOAD_CHUNK_BYTES) {
          const chunk = part.subarray(start, start + UPLOAD_CHUNK_BYTES);
          sent += chunk.byteLength;
          if (!(await this.room(flow, sent))) return;
          this.socket.send(chunk);
        }
      }
    } finally {
      this.flows.delete(header.id);
    }
  }

  /** Waits until `sent` bytes fit in the window; false once the server has answered instead. */
  private async room(flow: Flow, sent: number): Promise<boolean> {
    while (!flow.answered && (flow.acked === null || sent - flow.acked > UPLOAD_WINDOW_BYTES)) {
      if (this.closed !== null) throw new Error(this.closed);
      await new Promise<void>((resolve) => (flow.wake = resolve));
    }
    return !flow.answered;
  }
}

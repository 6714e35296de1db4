// Base64 on the Node side. Decodes a large payload (a posterior file of hundreds of MB) a slice at
// a time, yielding to the event loop between slices, into a fresh ArrayBuffer that can be
// transferred to a worker.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Characters decoded per turn of the event loop (a multiple of 4: whole base64 groups). */
const SLICE = 4 * 1024 * 1024;

/** The bytes of `text` as Buffer.from(text, 'base64') gives them, in their own ArrayBuffer. */
export async function decodeBase64(text: string): Promise<Uint8Array> {
  const out = Buffer.from(new ArrayBuffer(Math.ceil(text.length / 4) * 3));
  let length = 0;
  for (let start = 0; start < text.length; start += SLICE) {
    const slice = text.slice(start, start + SLICE);
    const written = out.write(slice, length, 'base64');
    length += written;
    // A slice of clean base64 decodes to 3 bytes per 4 characters; one that does not (padding or
    // other characters inside) would shift the groups after it, so such text is decoded whole.
    if (start + SLICE < text.length && written !== (slice.length / 4) * 3) {
      return Uint8Array.from(Buffer.from(text, 'base64'));
    }
    await nextTurn();
  }
  return new Uint8Array(out.buffer, 0, length);
}

/** Base64 of a typed array's bytes (the view only, not the rest of its buffer). */
export const toBase64 = (array: ArrayBufferView): string =>
  Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');

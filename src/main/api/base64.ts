// Base64 on the Node side, for the typed arrays some results carry (decoded by src/shared/base64.ts).

/** Base64 of a typed array's bytes (the view only, not the rest of its buffer). */
export const toBase64 = (array: ArrayBufferView): string =>
  Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');

// The IDX format MNIST ships in: a magic number naming the element type and rank, the dimensions,
// then the bytes. Only unsigned-byte data is used here (images rank 3, labels rank 1).

import { CodedError } from '../../../shared/result';

const UBYTE = 0x08;

/** Parses an unsigned-byte IDX file; throws CodedError('corrupt_set') when it is not one. */
export function parseIdx(buf: Uint8Array): { dims: number[]; data: Uint8Array } {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.length < 4 || view.getUint16(0) !== 0 || buf[2] !== UBYTE) {
    throw new CodedError('corrupt_set', 'not an unsigned-byte IDX file');
  }
  const rank = buf[3]!;
  const headerBytes = 4 + 4 * rank;
  if (rank < 1 || buf.length < headerBytes) throw new CodedError('corrupt_set', 'IDX header is truncated');
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const size = dims.reduce((a, b) => a * b, 1);
  if (buf.length !== headerBytes + size) {
    throw new CodedError(
      'corrupt_set',
      `IDX holds ${buf.length - headerBytes} bytes, its header says ${size}`,
    );
  }
  return { dims, data: buf.subarray(headerBytes) };
}

/** Writes unsigned bytes with their dimensions as an IDX file. */
export function writeIdx(dims: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = UBYTE;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, data]);
}

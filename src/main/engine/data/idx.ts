// Reads the IDX format MNIST ships in (http://yann.lecun.com/exdb/mnist/): a big-endian magic
// number naming the element type and rank, one big-endian uint32 per dimension, then raw bytes.
// parseIdx reads any unsigned-byte IDX file (the shipped OOD sets, the training letters); the MNIST
// readers accept only the two shapes MNIST uses; anything else is refused, never guessed at.
import { MNIST_SHAPE } from '../../../shared/data-shape';
import { CodedError } from '../../../shared/result';

/** Magic number of an unsigned-byte rank-3 IDX file (images: count × rows × cols). */
export const IDX_IMAGES_MAGIC = 0x00000803;
/** Magic number of an unsigned-byte rank-1 IDX file (labels: count). */
export const IDX_LABELS_MAGIC = 0x00000801;

export interface IdxImages {
  count: number;
  rows: number;
  cols: number;
  /** count × rows × cols bytes, row-major, 0 = background. A view into the file buffer. */
  pixels: Uint8Array;
}

export interface IdxLabels {
  count: number;
  labels: Uint8Array;
}

function invalid(what: string, message: string, code = 'data_invalid'): never {
  throw new CodedError(code, `${what}: ${message}`);
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

const UBYTE = 0x08;

/**
 * Parses any unsigned-byte IDX file: checks the element type, the header and that the data is
 * exactly as long as the dimensions say. Errors carry `code` (the MNIST files' `data_invalid`,
 * the shipped OOD sets' `corrupt_set`).
 */
export function parseIdx(
  buffer: Uint8Array,
  what = 'IDX file',
  code = 'corrupt_set',
): { dims: number[]; data: Uint8Array } {
  const header = parseIdxHeader(buffer, what, code);
  if (!header) {
    invalid(what, buffer.length < 4 ? 'not an unsigned-byte IDX file' : 'IDX header is truncated', code);
  }
  const expected = header.headerBytes + header.dims.reduce((a, b) => a * b, 1);
  if (buffer.length !== expected) {
    invalid(what, `file is ${buffer.length} bytes, its header says ${expected}: expected ${expected}`, code);
  }
  return { dims: header.dims, data: buffer.subarray(header.headerBytes) };
}

/**
 * The header of an unsigned-byte IDX file from its first bytes, for readers that stream the data:
 * null while `start` is too short to hold it; throws (with `code`) when it is no such file.
 */
export function parseIdxHeader(
  start: Uint8Array,
  what = 'IDX file',
  code = 'corrupt_set',
): { dims: number[]; headerBytes: number } | null {
  if (start.length < 4) return null;
  const view = new DataView(start.buffer, start.byteOffset, start.byteLength);
  if (view.getUint16(0) !== 0 || start[2] !== UBYTE) invalid(what, 'not an unsigned-byte IDX file', code);
  const rank = start[3]!;
  if (rank < 1) invalid(what, 'IDX header is truncated', code);
  const headerBytes = 4 + 4 * rank;
  if (start.length < headerBytes) return null;
  return { dims: Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i)), headerBytes };
}

/** Writes unsigned bytes with their dimensions as an IDX file. */
export function writeIdx(dims: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = UBYTE;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, data]);
}

/** Checks the magic number of `buffer` (at least `minBytes` long) against `magic`. */
function checkMagic(buffer: Uint8Array, what: string, magic: number, minBytes: number, kind: string): void {
  if (buffer.length < minBytes)
    invalid(what, `file is ${buffer.length} bytes, too short for an IDX ${kind} header`);
  const found = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength).getUint32(0, false);
  if (found !== magic)
    invalid(what, `magic number ${hex(found)} is not ${hex(magic)} (unsigned-byte ${kind}s)`);
}

/** Parses an IDX image file, checking magic, dimensions and exact size. `what` names it in errors. */
export function parseIdxImages(buffer: Uint8Array, what: string, expectCount?: number): IdxImages {
  checkMagic(buffer, what, IDX_IMAGES_MAGIC, 16, 'image');
  const { dims, data } = parseIdx(buffer, what, 'data_invalid');
  const [count, rows, cols] = dims as [number, number, number];
  const [height, width] = [MNIST_SHAPE.height, MNIST_SHAPE.width];
  if (rows !== height || cols !== width)
    invalid(what, `images are ${rows}×${cols}, expected ${height}×${width}`);
  if (expectCount !== undefined && count !== expectCount) {
    invalid(what, `holds ${count} images, expected ${expectCount}`);
  }
  return { count, rows, cols, pixels: data };
}

/** Parses an IDX label file, checking magic, exact size and that every label is a digit 0–9. */
export function parseIdxLabels(buffer: Uint8Array, what: string, expectCount?: number): IdxLabels {
  checkMagic(buffer, what, IDX_LABELS_MAGIC, 8, 'label');
  const { dims, data: labels } = parseIdx(buffer, what, 'data_invalid');
  const count = dims[0]!;
  if (expectCount !== undefined && count !== expectCount) {
    invalid(what, `holds ${count} labels, expected ${expectCount}`);
  }
  const bad = labels.findIndex((l) => l > 9);
  if (bad >= 0) invalid(what, `label ${bad} is ${labels[bad]}, not a digit 0–9`);
  return { count, labels };
}

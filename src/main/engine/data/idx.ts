// Reads the IDX format MNIST ships in (http://yann.lecun.com/exdb/mnist/): a big-endian magic
// number naming the element type and rank, one big-endian uint32 per dimension, then raw bytes.
// Only the two shapes MNIST uses are accepted; anything else is refused, never guessed at.
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

function invalid(what: string, message: string): never {
  throw new CodedError('data_invalid', `${what}: ${message}`);
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

/** Parses an IDX image file, checking magic, dimensions and exact size. `what` names it in errors. */
export function parseIdxImages(buffer: Uint8Array, what: string, expectCount?: number): IdxImages {
  if (buffer.length < 16) invalid(what, `file is ${buffer.length} bytes, too short for an IDX image header`);
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const magic = view.getUint32(0, false);
  if (magic !== IDX_IMAGES_MAGIC) {
    invalid(what, `magic number ${hex(magic)} is not ${hex(IDX_IMAGES_MAGIC)} (unsigned-byte images)`);
  }
  const count = view.getUint32(4, false);
  const rows = view.getUint32(8, false);
  const cols = view.getUint32(12, false);
  if (rows !== 28 || cols !== 28) invalid(what, `images are ${rows}×${cols}, expected 28×28`);
  if (expectCount !== undefined && count !== expectCount) {
    invalid(what, `holds ${count} images, expected ${expectCount}`);
  }
  const expectedSize = 16 + count * rows * cols;
  if (buffer.length !== expectedSize) {
    invalid(what, `file is ${buffer.length} bytes, expected ${expectedSize} for ${count} images`);
  }
  return { count, rows, cols, pixels: buffer.subarray(16) };
}

/** Parses an IDX label file, checking magic, exact size and that every label is a digit 0–9. */
export function parseIdxLabels(buffer: Uint8Array, what: string, expectCount?: number): IdxLabels {
  if (buffer.length < 8) invalid(what, `file is ${buffer.length} bytes, too short for an IDX label header`);
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const magic = view.getUint32(0, false);
  if (magic !== IDX_LABELS_MAGIC) {
    invalid(what, `magic number ${hex(magic)} is not ${hex(IDX_LABELS_MAGIC)} (unsigned-byte labels)`);
  }
  const count = view.getUint32(4, false);
  if (expectCount !== undefined && count !== expectCount) {
    invalid(what, `holds ${count} labels, expected ${expectCount}`);
  }
  if (buffer.length !== 8 + count) {
    invalid(what, `file is ${buffer.length} bytes, expected ${8 + count} for ${count} labels`);
  }
  const labels = buffer.subarray(8);
  const bad = labels.findIndex((l) => l > 9);
  if (bad >= 0) invalid(what, `label ${bad} is ${labels[bad]}, not a digit 0–9`);
  return { count, labels };
}

// Reads and writes the safetensors container (https://github.com/huggingface/safetensors):
// 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and byte
// range, then the raw little-endian bytes. Chosen because NumPy can read it with no library
// (json + np.frombuffer), it is documented, and it cannot carry code (unlike pickle).
import { CodedError } from '../../../shared/result';

/** A float32 tensor detached from any backend: a name, a shape and its row-major values. */
export interface NamedTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

export interface SafetensorsFile {
  tensors: NamedTensor[];
  metadata: Record<string, string>;
}

const MAX_HEADER_BYTES = 16 * 1024 * 1024;

function elementCount(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Serialises float32 tensors and string metadata into one safetensors buffer. */
export function encodeSafetensors(
  tensors: readonly NamedTensor[],
  metadata: Record<string, string> = {},
): Buffer {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  const seen = new Set<string>();
  for (const t of tensors) {
    if (seen.has(t.name)) throw new CodedError('format_invalid', `duplicate tensor name ${t.name}`);
    seen.add(t.name);
    if (elementCount(t.shape) !== t.data.length) {
      throw new CodedError(
        'format_invalid',
        `tensor ${t.name}: shape [${t.shape.join(',')}] does not hold ${t.data.length} values`,
      );
    }
    const bytes = t.data.length * 4;
    header[t.name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  // Pad the header with spaces so the data starts 8-byte aligned (allowed by the format).
  json += ' '.repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8);
  const headerBytes = Buffer.from(json, 'utf8');
  const out = Buffer.alloc(8 + headerBytes.length + offset);
  out.writeBigUInt64LE(BigInt(headerBytes.length), 0);
  headerBytes.copy(out, 8);
  let at = 8 + headerBytes.length;
  for (const t of tensors) {
    const view = Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1)
      throw new Error('big-endian hosts are not supported');
    view.copy(out, at);
    at += view.length;
  }
  return out;
}

function fail(message: string): never {
  throw new CodedError('format_invalid', `not a valid safetensors file: ${message}`);
}

interface HeaderEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

function parseEntry(name: string, value: unknown): HeaderEntry {
  if (typeof value !== 'object' || value === null) fail(`entry ${name} is not an object`);
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (dtype !== 'F32') fail(`tensor ${name} has dtype ${String(dtype)}, only F32 is accepted`);
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && (d as number) >= 0)) {
    fail(`tensor ${name} has an invalid shape`);
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((o) => Number.isInteger(o) && (o as number) >= 0)
  ) {
    fail(`tensor ${name} has invalid data_offsets`);
  }
  return { dtype, shape: shape as number[], data_offsets: offsets as [number, number] };
}

/** A parsed safetensors header: string metadata and each tensor's dtype, shape and byte range. */
export interface SafetensorsHeader {
  metadata: Record<string, string>;
  /** In file order (ascending data offsets). */
  entries: ({ name: string } & HeaderEntry)[];
}

/** The header's length from a file's first 8 bytes, checked against the file's size. */
export function headerLength(first8: Uint8Array, fileSize: number): number {
  if (first8.length < 8) fail('shorter than its 8-byte header length');
  const length = Number(Buffer.from(first8.buffer, first8.byteOffset, 8).readBigUInt64LE(0));
  if (length < 2 || length > MAX_HEADER_BYTES || 8 + length > fileSize) {
    fail(`header length ${length} does not fit a file of ${fileSize} bytes`);
  }
  return length;
}

/** Parses the JSON header (the bytes after the length): names, dtypes, shapes and offsets, no data. */
export function parseSafetensorsHeader(headerBytes: Uint8Array): SafetensorsHeader {
  let header: unknown;
  try {
    header = JSON.parse(
      Buffer.from(headerBytes.buffer, headerBytes.byteOffset, headerBytes.byteLength).toString('utf8'),
    );
  } catch {
    fail('header is not JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header is not an object');
  const metadata: Record<string, string> = {};
  const entries: SafetensorsHeader['entries'] = [];
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof value !== 'object' || value === null) fail('__metadata__ is not an object');
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (typeof v !== 'string') fail(`metadata ${k} is not a string`);
        metadata[k] = v;
      }
      continue;
    }
    entries.push({ name, ...parseEntry(name, value) });
  }
  entries.sort((a, b) => a.data_offsets[0] - b.data_offsets[0]);
  let expectedStart = 0;
  for (const {
    name,
    shape,
    data_offsets: [start, end],
  } of entries) {
    if (start !== expectedStart) fail(`tensor ${name} does not start where the previous one ended`);
    if (end - start !== elementCount(shape) * 4) fail(`tensor ${name}: byte range does not match its shape`);
    expectedStart = end;
  }
  return { metadata, entries };
}

/** Parses a safetensors buffer, checking every offset and shape; throws CodedError('format_invalid'). */
export function decodeSafetensors(buffer: Uint8Array): SafetensorsFile {
  return decodeWithHeader(buffer, readHeader(buffer));
}

/** The header of a whole safetensors buffer. */
export function readHeader(buffer: Uint8Array): SafetensorsHeader {
  const length = headerLength(buffer.subarray(0, 8), buffer.length);
  return parseSafetensorsHeader(buffer.subarray(8, 8 + length));
}

/** The tensors of a buffer whose header was already parsed (readHeader). */
export function decodeWithHeader(buffer: Uint8Array, header: SafetensorsHeader): SafetensorsFile {
  const buf = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const dataStart = 8 + headerLength(buf.subarray(0, 8), buf.length);
  const dataLength = buf.length - dataStart;
  const tensors: NamedTensor[] = [];
  let dataEnd = 0;
  for (const {
    name,
    shape,
    data_offsets: [start, end],
  } of header.entries) {
    if (end > dataLength) fail(`tensor ${name} runs past the end of the file`);
    const data = new Float32Array((end - start) / 4);
    Buffer.from(data.buffer).set(buf.subarray(dataStart + start, dataStart + end));
    tensors.push({ name, shape, data });
    dataEnd = end;
  }
  if (dataEnd !== dataLength) fail(`${dataLength - dataEnd} trailing bytes after the last tensor`);
  return { tensors, metadata: header.metadata };
}

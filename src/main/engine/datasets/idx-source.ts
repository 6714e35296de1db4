// An IDX file a user imports, read in chunks through the safe reader and, when it is gzipped (by
// its magic bytes, whatever its name), through zlib: its header first, then its data as a stream
// whose length is checked against the header. Memory: one chunk (1 MiB) and zlib's window.
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import path from 'node:path';
import { openChecked } from '../files/safe-read';
import { parseIdxHeader } from '../data/idx';
import { datasetError } from './store';

const CHUNK = 1024 ** 2;

async function* fileChunks(file: string): AsyncGenerator<Buffer> {
  const opened = await openChecked(file, 'datasetSource', { followLinks: true });
  try {
    for (let at = 0; at < opened.size; at += CHUNK) {
      const chunk = await opened.read(at, CHUNK);
      if (chunk.length === 0) return;
      yield chunk;
    }
  } finally {
    await opened.close();
  }
}

/** The file's bytes, gunzipped when they start with gzip's magic bytes. */
async function* plainChunks(file: string): AsyncGenerator<Buffer> {
  const raw = fileChunks(file);
  const first = await raw.next();
  if (first.done) return;
  const head = first.value;
  const rest = async function* () {
    yield head;
    yield* raw;
  };
  if (head[0] !== 0x1f || head[1] !== 0x8b) {
    yield* rest();
    return;
  }
  const source = Readable.from(rest());
  const gunzip = zlib.createGunzip();
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    throw datasetError(
      'import_invalid',
      `${path.basename(file)} is not a valid gzip file (${String(error)})`,
    );
  } finally {
    source.destroy();
  }
}

export interface IdxSource {
  file: string;
  dims: number[];
  /** The data after the header, exactly as many bytes as the header says (checked as it streams). */
  data(): AsyncGenerator<Buffer>;
  /** Closes the file (when the data was not read to its end). */
  close(): Promise<void>;
}

/** Opens `file` and reads its IDX header; the data is streamed later by `data()`. */
export async function openIdxSource(file: string): Promise<IdxSource> {
  const name = path.basename(file);
  const chunks = plainChunks(file);
  let start = Buffer.alloc(0);
  let header: ReturnType<typeof parseIdxHeader> = null;
  while (!header) {
    const next = await chunks.next();
    if (next.done) throw datasetError('import_invalid', `${name}: the IDX header is truncated`);
    start = Buffer.concat([start, next.value]);
    header = parseIdxHeader(start, name, 'import_invalid');
  }
  const { dims, headerBytes } = header;
  const expected = dims.reduce((a, b) => a * b, 1);
  const leftover = start.subarray(headerBytes);
  async function* data(): AsyncGenerator<Buffer> {
    let seen = 0;
    const check = (chunk: Buffer): Buffer => {
      seen += chunk.length;
      if (seen > expected) {
        throw datasetError('import_invalid', `${name} holds more bytes than its header says (${expected})`);
      }
      return chunk;
    };
    if (leftover.length > 0) yield check(leftover);
    for await (const chunk of chunks) yield check(chunk);
    if (seen !== expected) {
      throw datasetError(
        'import_invalid',
        `${name} is truncated: ${seen} data bytes, its header says ${expected}`,
      );
    }
  }
  const close = async (): Promise<void> => {
    await chunks.return(undefined);
  };
  return { file, dims, data, close };
}

/** The whole data of a small IDX file (labels), checked against the header. */
export async function readIdxData(source: IdxSource): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of source.data()) parts.push(chunk);
  return Buffer.concat(parts);
}

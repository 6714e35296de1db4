// The app's one atomic file writer: a reader (or a crash) sees the old file or the new one, never
// half of one. Every byte goes to a temp name in the same folder (short writes are looped), the
// file is fsynced, renamed over the target, then the folder is fsynced so the rename survives a
// power cut. On any failure the temp file is removed, the previous file is untouched and the error
// is coded: `disk_full` for ENOSPC/EDQUOT, else `write_failed`.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { CodedError } from '../../../shared/result';

const FULL = new Set(['ENOSPC', 'EDQUOT']);

function tempNameFor(file: string): string {
  const suffix = `${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  return path.join(path.dirname(file), `.${path.basename(file)}.${suffix}`);
}

function asBuffer(data: string | Uint8Array): Buffer {
  return typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/** The coded error for a failed write of `file` (a CodedError passes through). */
export function writeError(file: string, error: unknown): CodedError {
  if (error instanceof CodedError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code && FULL.has(code))
    return new CodedError(
      'disk_full',
      `the disk is full: ${file} was not written (the previous copy is kept)`,
    );
  const why = error instanceof Error ? error.message : String(error);
  return new CodedError('write_failed', `cannot write ${file}: ${why}`);
}

/** A full disk met by any other write (a scratch file, a library's cache) as `disk_full`; else as is. */
export function diskFullAsCoded(error: unknown): unknown {
  const errno = error as NodeJS.ErrnoException | null;
  return errno?.code && FULL.has(errno.code) ? writeError(errno.path ?? 'a file', error) : error;
}

/** A write that makes no progress would loop forever: treat it as a full disk. */
function noProgress(): NodeJS.ErrnoException {
  return Object.assign(new Error('write made no progress'), { code: 'ENOSPC' });
}

/** Flushes a folder's entries (the rename); platforms that cannot open a folder skip it. */
export function syncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch {
    return; // Windows cannot open a directory; its rename is already durable enough.
  }
  try {
    fs.fsyncSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EPERM' && code !== 'EISDIR') throw error;
  } finally {
    fs.closeSync(fd);
  }
}

function removeQuietly(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // Nothing more can be done; the caller reports the original error.
  }
}

/** Writes `data` to `file` atomically (synchronously); throws `disk_full` or `write_failed`. */
export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  const bytes = asBuffer(data);
  const temp = tempNameFor(file);
  try {
    const fd = fs.openSync(temp, 'wx', 0o644);
    try {
      for (let done = 0; done < bytes.length;) {
        const n = fs.writeSync(fd, bytes, done, bytes.length - done);
        if (n <= 0) throw noProgress();
        done += n;
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (error) {
    removeQuietly(temp);
    throw writeError(file, error);
  }
  try {
    syncDirectory(path.dirname(file));
  } catch (error) {
    throw writeError(file, error);
  }
}

/** Writes `data` to `file` atomically without blocking the event loop on the bytes. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const bytes = asBuffer(data);
  const temp = tempNameFor(file);
  // Looked up at call time so a test can put a failing fs.write in its place.
  const open = promisify(fs.open);
  const write = promisify(fs.write);
  const fsync = promisify(fs.fsync);
  const close = promisify(fs.close);
  try {
    const fd = await open(temp, 'wx', 0o644);
    try {
      for (let done = 0; done < bytes.length;) {
        const { bytesWritten } = await write(fd, bytes, done, bytes.length - done, null);
        if (bytesWritten <= 0) throw noProgress();
        done += bytesWritten;
      }
      await fsync(fd);
    } finally {
      await close(fd);
    }
    await fs.promises.rename(temp, file);
  } catch (error) {
    removeQuietly(temp);
    throw writeError(file, error);
  }
  try {
    syncDirectory(path.dirname(file));
  } catch (error) {
    throw writeError(file, error);
  }
}

/** Writes JSON (pretty, newline-terminated) atomically. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** A file written piece by piece, then committed atomically like writeFileAtomic (or abandoned). */
export interface AtomicStream {
  /** Appends bytes (copied into a buffer, flushed to the temp file when it fills). */
  write(data: Uint8Array): Promise<void>;
  /** Bytes written so far. */
  readonly bytes: number;
  /** Flushes, fsyncs, renames over the target and fsyncs the folder. */
  commit(): Promise<void>;
  /** Closes and removes the temp file; the target is untouched. */
  abort(): Promise<void>;
}

const STREAM_BUFFER = 1024 ** 2;

/** Opens an AtomicStream to `file`: nothing is seen at `file` until commit() succeeds. */
export async function openAtomicStream(file: string): Promise<AtomicStream> {
  const temp = tempNameFor(file);
  let handle: fs.promises.FileHandle | null;
  try {
    handle = await fs.promises.open(temp, 'wx', 0o644);
  } catch (error) {
    throw writeError(file, error);
  }
  const buffer = Buffer.allocUnsafe(STREAM_BUFFER);
  let filled = 0;
  let total = 0;
  const flush = async (): Promise<void> => {
    for (let done = 0; done < filled;) {
      const { bytesWritten } = await handle!.write(buffer, done, filled - done, null);
      if (bytesWritten <= 0) throw noProgress();
      done += bytesWritten;
    }
    filled = 0;
  };
  const fail = async (error: unknown): Promise<never> => {
    await handle?.close().catch(() => undefined);
    handle = null;
    removeQuietly(temp);
    throw writeError(file, error);
  };
  return {
    get bytes() {
      return total;
    },
    async write(data) {
      if (!handle) throw writeError(file, new Error('the stream is closed'));
      try {
        for (let at = 0; at < data.length;) {
          const n = Math.min(data.length - at, STREAM_BUFFER - filled);
          buffer.set(data.subarray(at, at + n), filled);
          filled += n;
          at += n;
          if (filled === STREAM_BUFFER) await flush();
        }
        total += data.length;
      } catch (error) {
        await fail(error);
      }
    },
    async commit() {
      if (!handle) throw writeError(file, new Error('the stream is closed'));
      try {
        await flush();
        await handle.sync();
        await handle.close();
        handle = null;
        await fs.promises.rename(temp, file);
        syncDirectory(path.dirname(file));
      } catch (error) {
        await fail(error);
      }
    },
    async abort() {
      await handle?.close().catch(() => undefined);
      handle = null;
      removeQuietly(temp);
    },
  };
}

// The one way to read a file the app did not just write itself: the data folder (models, active.json,
// metrics, checkpoints, OOD sets) and files a user names. A named pipe would block a read forever, a
// link to /dev/zero would fill memory, a folder is no file: each is refused before a byte is read,
// and every kind of file has a size cap, checked on the opened descriptor.
import { constants as bufferConstants } from 'node:buffer';
import fs from 'node:fs';
import path from 'node:path';
import { CodedError } from '../../../shared/result';

const MiB = 1024 ** 2;

/** The largest file of each kind the app reads, in bytes (one table, so every cap is seen at once). */
export const FILE_CAPS = {
  /** model.json: a config, final metrics and a calibration. */
  modelMeta: 4 * MiB,
  /** metrics.json: one record (~400 bytes) per log interval. */
  metrics: 128 * MiB,
  /** active.json: one id. */
  active: 64 * 1024,
  /** posterior.safetensors: the widest allowed config (8 × 4096 hidden) holds about 1 GB. */
  posterior: 1536 * MiB,
  /** checkpoint.safetensors: the posterior and Adam's two moments (at most one Buffer). */
  checkpoint: Math.min(3 * 1536 * MiB, bufferConstants.MAX_LENGTH),
  /** An exported posterior with its metrics history in the header. */
  exportFile: 1536 * MiB,
  /** One picture to judge, or one image of a user's OOD set. */
  image: 25 * MiB,
  /** The display name of a user's OOD set. */
  setName: 4 * 1024,
  /** One marked picture's entry (engine/teach): its JSON or its 784 prepared bytes. */
  markedEntry: 64 * 1024,
  /** A model's snapshot of the marked pictures it was taught (teach.json). */
  teachSnapshot: 64 * MiB,
  /** An imported dataset's manifest.json: up to 1000 class names and a few notes. */
  datasetManifest: 4 * MiB,
  /** One split's pixels of an imported dataset: 200,000 images of 64×64×3 bytes fit. */
  datasetPixels: Math.min(2560 * MiB, bufferConstants.MAX_LENGTH),
  /** One split's labels: one byte per image. */
  datasetLabels: 64 * MiB,
  /** An IDX file a user imports, gzipped or not (read in chunks, never whole). */
  datasetSource: 4096 * MiB,
} as const;
export type FileKind = keyof typeof FILE_CAPS;

export interface ReadOptions {
  /** Follow a symbolic link at the last path component (files a user names); the data folder's are refused. */
  followLinks?: boolean;
  /** A lower cap than the kind's (an option such as ImageLimits.maxBytes). */
  maxBytes?: number;
}

/** Stable codes of refused reads; callers keep them or wrap them in their own (model_invalid, …). */
export type ReadErrorCode = 'file_missing' | 'not_a_file' | 'file_too_large' | 'file_unreadable';

const { O_RDONLY, O_NONBLOCK = 0, O_NOFOLLOW = 0 } = fs.constants;

function refuse(code: ReadErrorCode, message: string): never {
  throw new CodedError(code, message);
}

function describeKind(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function megabytes(bytes: number): string {
  return `${(bytes / MiB).toFixed(1)} MB`;
}

function capOf(kind: FileKind, options: ReadOptions): number {
  return Math.min(FILE_CAPS[kind], options.maxBytes ?? Infinity);
}

/** Throws unless `stat` is a regular file within the cap. */
function checkStat(file: string, stat: fs.Stats, cap: number): void {
  const name = path.basename(file);
  if (!stat.isFile()) refuse('not_a_file', `${name} is ${describeKind(stat)}, not a plain file`);
  if (stat.size > cap) {
    refuse('file_too_large', `${name} is ${megabytes(stat.size)}; the limit is ${megabytes(cap)}`);
  }
}

function fromErrno(file: string, error: unknown): never {
  if (error instanceof CodedError) throw error;
  const code = (error as NodeJS.ErrnoException).code;
  const name = path.basename(file);
  if (code === 'ENOENT') refuse('file_missing', `${name} is missing`);
  // O_NOFOLLOW on a link fails with ELOOP: the link is the refused "special file".
  if (code === 'ELOOP') refuse('not_a_file', `${name} is a symbolic link, not a plain file`);
  if (code === 'EISDIR') refuse('not_a_file', `${name} is a folder, not a plain file`);
  refuse('file_unreadable', `${name} cannot be read (${code ?? String(error)})`);
}

function openFlags(options: ReadOptions): number {
  // O_NONBLOCK: opening a named pipe returns at once instead of waiting for a writer.
  return O_RDONLY | O_NONBLOCK | (options.followLinks ? 0 : O_NOFOLLOW);
}

/** An opened, checked regular file: read ranges of it, then close it. */
export class CheckedFile {
  constructor(
    private readonly handle: fs.promises.FileHandle,
    /** The size checked against the cap; reads never go past it. */
    readonly size: number,
  ) {}

  /** Reads `length` bytes at `position` (fewer when the file shrank meanwhile). */
  async read(position: number, length: number): Promise<Buffer> {
    const end = Math.min(this.size, position + length);
    const out = Buffer.allocUnsafe(Math.max(0, end - position));
    let filled = 0;
    while (filled < out.length) {
      const { bytesRead } = await this.handle.read(out, filled, out.length - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return out.subarray(0, filled);
  }

  /** The whole file, up to the size that was checked. */
  readAll(): Promise<Buffer> {
    return this.read(0, this.size);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** Opens `file` for reading after checking it is a regular file of at most its kind's cap. */
export async function openChecked(
  file: string,
  kind: FileKind,
  options: ReadOptions = {},
): Promise<CheckedFile> {
  const cap = capOf(kind, options);
  try {
    // Checked before opening too: opening some devices has effects of its own.
    checkStat(file, await (options.followLinks ? fs.promises.stat(file) : fs.promises.lstat(file)), cap);
    const handle = await fs.promises.open(file, openFlags(options));
    try {
      const stat = await handle.stat();
      checkStat(file, stat, cap);
      return new CheckedFile(handle, stat.size);
    } catch (error) {
      await handle.close();
      throw error;
    }
  } catch (error) {
    return fromErrno(file, error);
  }
}

/** Reads a whole regular file of kind `kind`; throws a CodedError (ReadErrorCode) otherwise. */
export async function readChecked(file: string, kind: FileKind, options: ReadOptions = {}): Promise<Buffer> {
  const opened = await openChecked(file, kind, options);
  try {
    return await opened.readAll();
  } catch (error) {
    return fromErrno(file, error);
  } finally {
    await opened.close();
  }
}

/** readChecked as UTF-8 text. */
export async function readCheckedText(
  file: string,
  kind: FileKind,
  options: ReadOptions = {},
): Promise<string> {
  return (await readChecked(file, kind, options)).toString('utf8');
}

/** readChecked for synchronous callers (the trainer process). */
export function readCheckedSync(file: string, kind: FileKind, options: ReadOptions = {}): Buffer {
  const cap = capOf(kind, options);
  let fd: number;
  try {
    checkStat(file, options.followLinks ? fs.statSync(file) : fs.lstatSync(file), cap);
    fd = fs.openSync(file, openFlags(options));
  } catch (error) {
    return fromErrno(file, error);
  }
  try {
    const stat = fs.fstatSync(fd);
    checkStat(file, stat, cap);
    const out = Buffer.allocUnsafe(stat.size);
    let filled = 0;
    while (filled < out.length) {
      const bytesRead = fs.readSync(fd, out, filled, out.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return out.subarray(0, filled);
  } catch (error) {
    return fromErrno(file, error);
  } finally {
    fs.closeSync(fd);
  }
}

/** Checks, without reading it, that `file` is a regular file within its kind's cap. */
export async function checkRegularFile(
  file: string,
  kind: FileKind,
  options: ReadOptions = {},
): Promise<void> {
  try {
    const stat = await (options.followLinks ? fs.promises.stat(file) : fs.promises.lstat(file));
    checkStat(file, stat, capOf(kind, options));
  } catch (error) {
    fromErrno(file, error);
  }
}

/** True when `error` is this module's "the file is not there". */
export function isMissingFile(error: unknown): boolean {
  return error instanceof CodedError && error.code === 'file_missing';
}

// One lock per model folder, held by whoever writes it for a while (a trainer, a rename, a
// delete): `train.lock` holding the holder's pid and start time, created with O_EXCL so only one
// process can hold it. A lock whose process is gone (killed with -9, power cut) is stale: the next
// taker replaces it, and the listing shows a model left at `training` by it as interrupted.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CodedError } from '../../../shared/result';
import { writeError } from '../files/atomic-write';

export const LOCK_FILE = 'train.lock';

/** How long a lock file may stay unreadable before its writer counts as dead (it is written at once). */
const HALF_WRITTEN_GRACE_MS = 10_000;

const LockInfo = z.object({
  pid: z.number().int().positive(),
  /** The process's start time as the OS tells it (Linux: /proc ticks), so a reused pid is not mistaken. */
  procStart: z.string().nullable(),
  startedAt: z.string(),
  purpose: z.string(),
});
type LockInfo = z.infer<typeof LockInfo>;

/** A held lock; release() removes it if it is still this process's. */
export interface ModelLock {
  readonly file: string;
  release(): void;
}

/** Start time of process `pid` where the OS exposes it (Linux), else null. */
function processStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the lock's process still runs (the same process, not a later one given its pid). */
function holderAlive(info: LockInfo): boolean {
  if (!processAlive(info.pid)) return false;
  const now = info.procStart === null ? null : processStart(info.pid);
  return now === null || now === info.procStart;
}

type LockRead = { state: 'none' } | { state: 'held' | 'stale'; info: LockInfo | null };

function readLock(file: string): LockRead {
  let text: string;
  let mtimeMs: number;
  try {
    text = fs.readFileSync(file, 'utf8');
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    return { state: 'none' };
  }
  let info: LockInfo;
  try {
    info = LockInfo.parse(JSON.parse(text));
  } catch {
    // Being written this very moment, or its writer died halfway.
    const young = Date.now() - mtimeMs < HALF_WRITTEN_GRACE_MS;
    return { state: young ? 'held' : 'stale', info: null };
  }
  return { state: holderAlive(info) ? 'held' : 'stale', info };
}

function busy(dir: string, info: LockInfo | null): CodedError {
  const who = info ? `${info.purpose} (process ${info.pid}, since ${info.startedAt})` : 'another process';
  return new CodedError('busy', `model ${path.basename(dir)} is in use by ${who}; try again when it ends`);
}

/** True while a live process holds the lock of model folder `dir`. */
export function modelLockHeld(dir: string): boolean {
  return readLock(path.join(dir, LOCK_FILE)).state === 'held';
}

function tryCreate(file: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw writeError(file, error);
  }
  try {
    const bytes = Buffer.from(JSON.stringify(info));
    if (fs.writeSync(fd, bytes, 0, bytes.length) !== bytes.length)
      throw Object.assign(new Error('short write'), { code: 'ENOSPC' });
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
    throw writeError(file, error);
  }
  fs.closeSync(fd);
  return true;
}

/** Takes the lock of model folder `dir` for `purpose`, replacing a stale one; throws `busy` when held. */
export function acquireModelLock(dir: string, purpose: string): ModelLock {
  const file = path.join(dir, LOCK_FILE);
  const info: LockInfo = {
    pid: process.pid,
    procStart: processStart(process.pid),
    startedAt: new Date().toISOString(),
    purpose,
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    if (tryCreate(file, info)) {
      return {
        file,
        release: () => {
          const now = readLock(file);
          if (now.state !== 'none' && now.info?.pid === process.pid && now.info.startedAt === info.startedAt)
            fs.rmSync(file, { force: true });
        },
      };
    }
    const held = readLock(file);
    if (held.state === 'held') throw busy(dir, held.info);
    if (held.state === 'stale') fs.rmSync(file, { force: true });
  }
  throw busy(dir, null);
}

/** Runs `work` holding the lock of model folder `dir`. */
export async function withModelLock<T>(dir: string, purpose: string, work: () => Promise<T>): Promise<T> {
  const lock = acquireModelLock(dir, purpose);
  try {
    return await work();
  } finally {
    lock.release();
  }
}

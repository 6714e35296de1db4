// The model-folder lock and what it protects: a model being trained cannot be renamed or deleted,
// and a model left at `training` by a dead process is listed as interrupted (and resumable).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeMeta, writeFakeModel } from './fixtures';
import { LOCK_FILE, acquireModelLock, modelLockHeld } from './lock';
import { deleteModel, listModels, renameModel } from './manage';
import { CHECKPOINT_FILE, MODEL_FILE } from './paths';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-lock-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** The pid of a process that has already ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid;
}

function writeLock(dir: string, info: Record<string, unknown>): void {
  fs.writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify(info));
}

async function trainingModel(id: string): Promise<string> {
  const dir = await writeFakeModel(root, { id });
  const meta = { ...fakeMeta({ id }), status: 'training', final: null, calibration: null };
  fs.writeFileSync(path.join(dir, MODEL_FILE), JSON.stringify(meta));
  fs.writeFileSync(path.join(dir, CHECKPOINT_FILE), 'a checkpoint');
  return dir;
}

describe('acquireModelLock', () => {
  it('is exclusive: a second taker gets busy until the first releases it', async () => {
    const dir = await writeFakeModel(root, { id: 'a' });
    const lock = acquireModelLock(dir, 'training');
    expect(modelLockHeld(dir)).toBe(true);
    expect(() => acquireModelLock(dir, 'training')).toThrow(/in use by training \(process \d+/);
    expect(() => acquireModelLock(dir, 'training')).toThrow(expect.objectContaining({ code: 'busy' }));
    lock.release();
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
    acquireModelLock(dir, 'training').release();
  });

  it('replaces a lock whose process is dead', async () => {
    const dir = await writeFakeModel(root, { id: 'a' });
    writeLock(dir, { pid: deadPid(), procStart: null, startedAt: 'then', purpose: 'training' });
    expect(modelLockHeld(dir)).toBe(false);
    const lock = acquireModelLock(dir, 'training');
    expect(modelLockHeld(dir)).toBe(true);
    lock.release();
  });

  it.skipIf(!fs.existsSync('/proc/self/stat'))(
    'replaces a lock whose pid now belongs to another process (start time differs)',
    async () => {
      const dir = await writeFakeModel(root, { id: 'a' });
      writeLock(dir, { pid: process.pid, procStart: '1', startedAt: 'then', purpose: 'training' });
      expect(modelLockHeld(dir)).toBe(false);
    },
  );

  it('counts a half-written lock as held while young and stale once old', async () => {
    const dir = await writeFakeModel(root, { id: 'a' });
    const file = path.join(dir, LOCK_FILE);
    fs.writeFileSync(file, '');
    expect(() => acquireModelLock(dir, 'training')).toThrow(expect.objectContaining({ code: 'busy' }));
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(file, old, old);
    acquireModelLock(dir, 'training').release();
  });
});

describe('a model being trained', () => {
  it('cannot be renamed or deleted (busy), and is left untouched', async () => {
    const dir = await trainingModel('a');
    const before = fs.readFileSync(path.join(dir, MODEL_FILE), 'utf8');
    const lock = acquireModelLock(dir, 'training');
    await expect(renameModel(root, 'a', 'new name')).rejects.toMatchObject({ code: 'busy' });
    await expect(deleteModel(root, 'a')).rejects.toMatchObject({ code: 'busy' });
    expect(fs.readFileSync(path.join(dir, MODEL_FILE), 'utf8')).toBe(before);
    expect((await listModels(root)).models[0]).toMatchObject({
      id: 'a',
      status: 'training',
      resumable: false,
    });
    lock.release();
    await renameModel(root, 'a', 'new name');
    await deleteModel(root, 'a');
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('is listed as interrupted and resumable once its trainer has died', async () => {
    const dir = await trainingModel('a');
    writeLock(dir, { pid: deadPid(), procStart: null, startedAt: 'then', purpose: 'training' });
    const [model] = (await listModels(root)).models;
    expect(model).toMatchObject({ id: 'a', status: 'interrupted', resumable: true });
    fs.rmSync(path.join(dir, CHECKPOINT_FILE));
    expect((await listModels(root)).models[0]).toMatchObject({ status: 'interrupted', resumable: false });
  });
});

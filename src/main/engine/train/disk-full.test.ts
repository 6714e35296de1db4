// A full disk never loses a model: ENOSPC at any write of a run (injected) or on a real tmpfs that
// fills up mid-run fails the run as `disk_full`, keeps the last good checkpoint, leaves no temp
// file, and once space is back `resume` ends exactly where an uninterrupted run ends.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ModelMeta } from '../../../shared/model';
import { decodeSafetensors } from '../format/safetensors';
import { listModels } from '../store';
import { readCheckpoint } from '../store/model-folder';
import { runTraining, type TrainOutcome } from './trainer';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-diskfull-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const config = {
  preset: 'full',
  hidden: [16],
  steps: 20,
  batchSize: 32,
  logEvery: 10,
  checkpointEvery: 10,
  trainEvalSize: 100,
  evalSamples: 1,
  seed: 11,
};

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
type WriteSync = (fd: number, b: Buffer, o: number, l: number) => number;
const realWriteSync = fs.writeSync.bind(fs) as WriteSync;

const modelJson = (dir: string) =>
  ModelMeta.parse(JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')));
const posterior = (dir: string) =>
  decodeSafetensors(fs.readFileSync(path.join(dir, 'posterior.safetensors'))).tensors.map((t) => ({
    name: t.name,
    bytes: Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).toString('base64'),
  }));

let reference: TrainOutcome;
let referenceWrites = 0;
beforeAll(async () => {
  const counter = vi.spyOn(fs, 'writeSync');
  reference = await runTraining({ config, modelsDir: path.join(root, 'reference') });
  referenceWrites = counter.mock.calls.length;
  counter.mockRestore();
  expect(reference.status).toBe('complete');
}, 60_000);

/** After a disk_full failure: a failed, resumable folder (or none), and resume matches the reference. */
async function expectRecoverable(out: TrainOutcome, modelsDir: string): Promise<boolean> {
  expect(out).toMatchObject({ status: 'failed', error: { code: 'disk_full' } });
  const dir = out.modelDir;
  if (!dir || !fs.existsSync(dir)) return false; // failed before the model existed: nothing to keep
  expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp') || f === 'train.lock')).toEqual([]);
  expect(modelJson(dir)).toMatchObject({ status: 'failed', failure: { code: 'disk_full' } });
  if (!fs.existsSync(path.join(dir, 'checkpoint.safetensors'))) return false;
  const kept = readCheckpoint(dir).step;
  const listed = (await listModels(path.dirname(modelsDir))).models.find((m) => m.id === path.basename(dir));
  expect(listed).toMatchObject({ status: 'failed', resumable: true });
  const resumed = await runTraining({ resumeFrom: dir });
  expect(resumed).toMatchObject({ status: 'complete', step: 20 });
  expect(kept).toBeLessThanOrEqual(20);
  expect(posterior(dir)).toEqual(posterior(reference.modelDir!));
  const { seconds: _a, ...final } = resumed.final!;
  const { seconds: _b, ...expected } = reference.final!;
  expect(final).toEqual(expected);
  return true;
}

describe('training on a full disk (ENOSPC injected)', () => {
  it('fails as disk_full at every write of a run, and each resumes to the uninterrupted result', async () => {
    expect(referenceWrites).toBeGreaterThan(8);
    let resumed = 0;
    for (let k = 1; k <= referenceWrites; k++) {
      const modelsDir = path.join(root, `inject-${k}`, 'models');
      let calls = 0;
      // Call k writes half its bytes, the next one finds the disk full (as a real device does).
      const spy = vi.spyOn(fs, 'writeSync').mockImplementation(((fd, b, o, l) => {
        calls += 1;
        if (calls === k) return realWriteSync(fd, b, o, Math.max(1, Math.floor(l / 2)));
        if (calls === k + 1) throw enospc();
        return realWriteSync(fd, b, o, l);
      }) as WriteSync as typeof fs.writeSync);
      const out = await runTraining({ config, modelsDir });
      spy.mockRestore();
      if (out.status !== 'failed') {
        // Call k was the last of the run and fitted whole: nothing failed, and nothing may.
        expect(out.status).toBe('complete');
        continue;
      }
      if (await expectRecoverable(out, modelsDir)) resumed += 1;
    }
    // The failures after the first checkpoint (step 10) all kept one to resume from.
    expect(resumed).toBeGreaterThanOrEqual(4);
  }, 300_000);
});

const isRoot = process.getuid?.() === 0;

// Mounting a tmpfs needs root; CI runs as root, a developer's account skips this one test.
describe.skipIf(!isRoot)('training on a real tmpfs that fills up (root only: it mounts a tmpfs)', () => {
  const mount = path.join(root, 'tmpfs');
  beforeAll(() => {
    fs.mkdirSync(mount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mount]);
  });
  afterAll(() => execFileSync('umount', [mount]));

  it('fails as disk_full with the last checkpoint kept, and resumes once space is freed', async () => {
    const modelsDir = path.join(mount, 'models');
    const filler = path.join(mount, 'filler');
    let filled = false;
    const out = await runTraining({
      config,
      modelsDir,
      progressIntervalMs: 0,
      onProgress: (p) => {
        if (filled || p.step < 10) return;
        // Leave 64 KiB: metrics fit, the next 200 KB checkpoint does not.
        const { bavail, bsize } = fs.statfsSync(mount);
        fs.writeFileSync(filler, Buffer.alloc(bavail * bsize - 64 * 1024));
        filled = true;
      },
    });
    expect(filled).toBe(true);
    expect(readCheckpoint(out.modelDir!).step).toBe(10);
    expect(out.error?.message).toMatch(/disk is full/);
    fs.rmSync(filler);
    expect(await expectRecoverable(out, modelsDir)).toBe(true);
  }, 120_000);
});

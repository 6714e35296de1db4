// Runs the real trainer entry in a child process (through tsx, as the sources are TypeScript).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelMeta } from '../../../shared/model';
import { listModels } from '../store';
import type { TrainProgress } from '../../../shared/training';
import { TrainerClient } from './client';
import { readCheckpoint } from '../store/model-folder';
import { runTraining } from './trainer';

const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-client-'));
const root = path.join(dataRoot, 'models');
afterAll(() => fs.rmSync(dataRoot, { recursive: true, force: true }));

const modelJson = (dir: string) =>
  ModelMeta.parse(JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')));
const listed = async (dir: string) =>
  (await listModels(dataRoot)).models.find((m) => m.id === path.basename(dir));

const config = {
  preset: 'child',
  hidden: [16],
  steps: 1_000_000,
  batchSize: 32,
  logEvery: 100_000,
  checkpointEvery: 25,
  trainEvalSize: 100,
  evalSamples: 1,
};

function waitFor(client: TrainerClient, test: (p: TrainProgress) => boolean): Promise<TrainProgress> {
  return new Promise((resolve) => {
    const listener = (p: TrainProgress) => {
      if (!test(p)) return;
      client.off('progress', listener);
      resolve(p);
    };
    client.on('progress', listener);
  });
}

describe('TrainerClient with a child process', () => {
  it('survives SIGKILL mid-training: the last checkpoint loads and resumes', async () => {
    const client = new TrainerClient();
    const outcome = client.start(config, root).catch((e: unknown) => e);
    const progress = await waitFor(client, (p) => p.step >= 80);
    const modelDir = progress.modelDir!;
    const exited = new Promise((resolve) => client.once('exit', (_code, signal) => resolve(signal)));
    client.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(await outcome).toBeInstanceOf(Error);
    const cp = readCheckpoint(modelDir);
    expect(cp.step % 25).toBe(0);
    expect(cp.step).toBeGreaterThanOrEqual(50);
    expect(modelJson(modelDir).status).toBe('training');
    // Its trainer is gone: the listing says so and offers to continue from the checkpoint.
    expect(await listed(modelDir)).toMatchObject({ status: 'interrupted', resumable: true });
    const resumed = await runTraining({ resumeFrom: modelDir, signal: AbortSignal.timeout(300) });
    expect(resumed.status).toBe('stopped');
    expect(resumed.step).toBeGreaterThanOrEqual(cp.step);
  }, 60_000);

  it('stops on SIGTERM like on Ctrl+C: final checkpoint, calibrated, `stopped`, then exits', async () => {
    const client = new TrainerClient();
    const outcome = client.start(config, root);
    const progress = await waitFor(client, (p) => p.step >= 30);
    const exited = new Promise((resolve) => client.once('exit', (code) => resolve(code)));
    client.kill('SIGTERM');
    const done = await outcome;
    expect(done.status).toBe('stopped');
    expect(await exited).toBe(0);
    expect(readCheckpoint(progress.modelDir!).step).toBe(done.step);
    expect(modelJson(progress.modelDir!)).toMatchObject({ status: 'stopped', step: done.step });
    expect(modelJson(progress.modelDir!).calibration).not.toBeNull();
    expect(await listed(progress.modelDir!)).toMatchObject({ status: 'stopped', resumable: true });
  }, 120_000);

  it('pauses, resumes and stops a run, streaming parsed progress', async () => {
    const client = new TrainerClient();
    const outcome = client.start(config, root);
    // A stopped model is usable at once: 'stopped' is sent only after its calibration is written.
    const stopped = waitFor(client, (p) => p.status === 'stopped').then((p) => modelJson(p.modelDir!));
    await waitFor(client, (p) => p.status === 'running' && p.step > 0);
    client.pause();
    const paused = await waitFor(client, (p) => p.status === 'paused');
    client.resume();
    await waitFor(client, (p) => p.status === 'running' && p.step > paused.step);
    client.stop();
    const done = await outcome;
    expect(done.status).toBe('stopped');
    expect(readCheckpoint(done.modelDir!).step).toBe(done.step);
    expect((await stopped).calibration?.threshold).toEqual(expect.any(Number));
    client.kill();
  }, 120_000);
});

// The app's side of a run's safety: a model being trained refuses rename and delete (busy), a
// trainer killed with -9 leaves a model the app lists as interrupted and resumes from its last
// checkpoint, a stopped run is calibrated, and a model without calibration can be calibrated.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelMeta, type ModelSummary } from '../../shared/model';
import type { Result } from '../../shared/result';
import type { TrainProgress } from '../../shared/training';
import { writeFakeModel } from '../engine/store/fixtures';
import { MODEL_FILE } from '../engine/store';
import { forkTrainer, type TrainerChannel } from '../engine/train/client';
import type { AppContext } from './context';
import { dispatch, EventHub } from './dispatch';
import { createHandlers } from './handlers';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-recovery-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const events = new EventHub();
const trainers: TrainerChannel[] = [];
const ctx: AppContext = {
  appVersion: '0.0.0-test',
  transport: 'web',
  dataRoot: root,
  resourcesDir: root,
  events,
  dialogs: null,
  spawnTrainer: () => {
    const channel = forkTrainer();
    trainers.push(channel);
    return channel;
  },
};
const handlers = createHandlers(ctx);
const readMeta = (dir: string): ModelMeta =>
  ModelMeta.parse(JSON.parse(fs.readFileSync(path.join(dir, MODEL_FILE), 'utf8')));
const call = (channel: string, ...args: unknown[]): Promise<Result<unknown>> =>
  dispatch(handlers, channel, args);

function progressUntil(test: (p: TrainProgress) => boolean): Promise<TrainProgress> {
  return new Promise((resolve) => {
    const remove = events.add((event, payload) => {
      if (event !== 'trainingProgress' || !test(payload as TrainProgress)) return;
      remove();
      resolve(payload as TrainProgress);
    });
  });
}

async function listed(id: string): Promise<ModelSummary | undefined> {
  const result = await call('listModels');
  return result.ok ? (result.value as ModelSummary[]).find((m) => m.id === id) : undefined;
}

const config = {
  preset: 'recovery',
  hidden: [16],
  steps: 1_000_000,
  logEvery: 100_000,
  checkpointEvery: 25,
  trainEvalSize: 100,
  evalSamples: 1,
};

/** The model trained by the first test, reused by the second. */
let trained = '';

describe('a run in the app', () => {
  it('is busy while training, interrupted after kill -9, and resumes from its checkpoint', async () => {
    const started = await call('startTraining', config);
    const { modelId } = (started as { ok: true; value: { modelId: string } }).value;
    await progressUntil((p) => p.step >= 60);
    const { name } = readMeta(path.join(root, 'models', modelId));
    expect(await call('renameModel', { id: modelId, name: 'renamed' })).toMatchObject({
      ok: false,
      error: { code: 'busy' },
    });
    expect(await call('deleteModel', { id: modelId })).toMatchObject({ ok: false, error: { code: 'busy' } });
    const still = await progressUntil((p) => p.step >= 90);
    expect(still.status).toBe('running');
    expect(await listed(modelId)).toMatchObject({ name, status: 'training', resumable: false });

    const died = progressUntil((p) => p.status === 'failed');
    trainers.at(-1)!.kill('SIGKILL');
    expect((await died).error?.code).toBe('trainer_died');
    expect(await listed(modelId)).toMatchObject({ status: 'interrupted', resumable: true });

    const resumed = await call('resumeModel', { id: modelId });
    expect(resumed).toMatchObject({ ok: true, value: { modelId } });
    const { runId } = (resumed as { ok: true; value: { runId: string } }).value;
    const first = await progressUntil((p) => p.runId === runId && p.status === 'running');
    expect(first.step).toBeGreaterThanOrEqual(75);
    const stopped = progressUntil((p) => p.runId === runId && p.status === 'stopped');
    expect(await call('stopTraining', { runId })).toMatchObject({ ok: true });
    await stopped;
    // Stopped before its last step and still usable: calibrated before 'stopped' was sent.
    const model = await listed(modelId);
    expect(model).toMatchObject({ status: 'stopped', resumable: true });
    expect(model?.threshold).toEqual(expect.any(Number));
    trained = modelId;
  }, 240_000);

  it('calibrates a model saved without calibration, and refuses one that guesses', async () => {
    const dir = path.join(root, 'models', trained);
    const meta = readMeta(dir);
    fs.writeFileSync(path.join(dir, MODEL_FILE), JSON.stringify({ ...meta, calibration: null }));
    expect(await listed(trained)).toMatchObject({ threshold: null });
    expect(await call('calibrateModel', { id: trained })).toMatchObject({ ok: true });
    expect((await listed(trained))?.threshold).toEqual(expect.any(Number));

    // Random weights: 10–13% test accuracy, which a calibration would turn into a confident model.
    const id = '20240101-000000-custom-cccc';
    const random = await writeFakeModel(root, { id, hidden: [16] });
    const fake = readMeta(random);
    fs.writeFileSync(path.join(random, MODEL_FILE), JSON.stringify({ ...fake, calibration: null }));
    expect(await call('resumeModel', { id })).toMatchObject({ ok: false, error: { code: 'not_resumable' } });
    expect(await call('calibrateModel', { id })).toMatchObject({ ok: false, error: { code: 'near_chance' } });
    expect(await listed(id)).toMatchObject({ threshold: null });
  }, 120_000);
});

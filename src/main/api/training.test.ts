import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainProgress } from '../../shared/training';
import type { AppContext } from './context';
import { dispatch, EventHub } from './dispatch';
import { createHandlers } from './handlers';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-train-api-'));
const events = new EventHub();
const ctx: AppContext = {
  appVersion: '0.0.0-test',
  transport: 'web',
  dataRoot: root,
  resourcesDir: root,
  events,
  dialogs: null,
};
const handlers = createHandlers(ctx);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('training handlers', () => {
  it('lists the article, article-broken and fast presets with full configs', async () => {
    const result = await dispatch(handlers, 'listPresets', []);
    const names = result.ok ? (result.value as { name: string }[]).map((p) => p.name) : [];
    expect(names).toEqual(expect.arrayContaining(['article', 'article-broken', 'fast']));
  });

  it('describes every preset in a sentence, robust included', async () => {
    const result = await dispatch(handlers, 'listPresets', []);
    const presets = result.ok ? (result.value as { name: string; description: string }[]) : [];
    expect(presets.map((p) => p.name)).toContain('robust');
    for (const preset of presets) expect(preset.description.length).toBeGreaterThan(preset.name.length + 20);
  });

  it('trains in a child process, streams progress events and lists the finished model', async () => {
    const seen: TrainProgress[] = [];
    const done = new Promise<void>((resolve) => {
      events.add((event, payload) => {
        if (event !== 'trainingProgress') return;
        const progress = payload as TrainProgress;
        seen.push(progress);
        if (['done', 'failed', 'stopped'].includes(progress.status)) resolve();
      });
    });
    const config = {
      hidden: [8],
      steps: 40,
      logEvery: 20,
      checkpointEvery: 20,
      trainEvalSize: 200,
      evalSamples: 2,
    };
    const started = await dispatch(handlers, 'startTraining', [config]);
    expect(started).toMatchObject({ ok: true, value: { runId: 'run-1' } });
    const busy = await dispatch(handlers, 'startTraining', [config]);
    expect(busy).toMatchObject({ ok: false, error: { code: 'busy' } });
    await done;
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ runId: 'run-1', status: 'done', step: 40 });
    expect(seen.some((p) => p.metrics?.test.accuracy !== undefined)).toBe(true);
    const runs = await dispatch(handlers, 'listRuns', []);
    expect(runs).toMatchObject({
      ok: true,
      value: [{ runId: 'run-1', status: 'done', config: { hidden: [8], steps: 40 } }],
    });
    const models = await dispatch(handlers, 'listModels', []);
    const modelId = started.ok ? (started.value as { modelId: string }).modelId : '';
    expect(models).toMatchObject({ ok: true, value: [{ id: modelId, status: 'complete', steps: 40 }] });
    // A readable name: preset, date and test accuracy.
    const name = models.ok ? (models.value as { name: string }[])[0]?.name : '';
    expect(name).toMatch(/^custom · \d{4}-\d\d-\d\d \d\d:\d\d · \d+\.\d% test$/);
  }, 120_000);

  it("starts a run from a finished model's network, and refuses a model that is not there", async () => {
    const models = await dispatch(handlers, 'listModels', []);
    const base = models.ok ? (models.value as { id: string; name: string }[])[0]! : null;
    expect(base).not.toBeNull();
    const config = { hidden: [8], steps: 20, logEvery: 20, checkpointEvery: 20, trainEvalSize: 200 };
    const missing = await dispatch(handlers, 'startTraining', [config, { startFrom: 'no-such-model' }]);
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const done = new Promise<TrainProgress>((resolve) => {
      events.add((event, payload) => {
        const progress = payload as TrainProgress;
        if (event === 'trainingProgress' && progress.runId === 'run-2' && progress.status === 'done')
          resolve(progress);
      });
    });
    const started = await dispatch(handlers, 'startTraining', [config, { startFrom: base!.id }]);
    expect(started).toMatchObject({ ok: true, value: { runId: 'run-2' } });
    const last = await done;
    const meta = JSON.parse(fs.readFileSync(path.join(last.modelDir!, 'model.json'), 'utf8')) as unknown;
    expect(meta).toMatchObject({ startedFrom: { id: base!.id, name: base!.name } });
  }, 120_000);

  it('refuses to pause a run that does not exist', async () => {
    expect(await dispatch(handlers, 'pauseTraining', [{ runId: 'run-99' }])).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});

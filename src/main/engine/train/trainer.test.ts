import fs from 'node:fs';
import { mnistDataset } from '../datasets/mnist';
import type * as TF from '@tensorflow/tfjs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ModelMeta } from '../../../shared/model';
import { TrainConfig, type TrainProgress } from '../../../shared/training';
import { decodeSafetensors } from '../format/safetensors';
import { loadBackend } from '../backend';
import { readCheckpoint, readMetricsSync as readMetrics } from '../store/model-folder';
import * as session from './session';
import { runTraining } from './trainer';
import { TrainControl } from './control';

// Lets a test corrupt the parameters after a chosen step to exercise the divergence path.
const fault = vi.hoisted(() => ({ atStep: -1 }));
vi.mock('./session', async (importOriginal) => {
  const orig = await importOriginal<typeof session>();
  return {
    ...orig,
    runSteps: (s: session.Session, index: number, count: number) => {
      orig.runSteps(s, index, count);
      if (index < fault.atStep && fault.atStep <= index + count) {
        // An update on a batch of NaN pixels: every parameter becomes NaN, whatever the family.
        s.tf.tidy(() => {
          const { batchSize } = s.config;
          const x = s.tf.fill<TF.Rank.R2>([batchSize, 784], NaN);
          s.trainer.step(x, s.tf.zeros<TF.Rank.R2>([batchSize, 10]), 0);
        });
      }
    },
  };
});

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-train-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const small = {
  preset: 'test',
  hidden: [16],
  steps: 40,
  batchSize: 32,
  logEvery: 20,
  checkpointEvery: 20,
  trainEvalSize: 100,
  evalSamples: 2,
  seed: 5,
};

const posteriorBytes = (dir: string) =>
  decodeSafetensors(fs.readFileSync(path.join(dir, 'posterior.safetensors')));

describe('runTraining', () => {
  it('writes a complete model dir with the article metrics at each log interval', async () => {
    const events: TrainProgress[] = [];
    const out = await runTraining({ config: small, modelsDir: root, onProgress: (p) => events.push(p) });
    expect(out.status).toBe('complete');
    expect(out.modelDir).not.toBeNull();
    const dir = out.modelDir!;
    expect(path.basename(dir)).toMatch(/^\d{8}-\d{6}-test-[0-9a-f]{4}$/);
    const model = ModelMeta.parse(JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')));
    expect(model).toMatchObject({ status: 'complete', step: 40 });
    expect(model.final?.step).toBe(40);
    const metrics = readMetrics(dir, Infinity);
    expect(metrics.map((m) => m.step)).toEqual([0, 20, 40]);
    const last = metrics[2]!.test;
    expect(last.elbo).toBeCloseTo(last.log_likelihood - 0.001 * last.kl_divergence, 6);
    expect(last.mean_approximate_evidence).toBeCloseTo(Math.exp(last.elbo / 10), 6);
    expect(last.accuracy).toBeGreaterThan(0.3); // 40 steps of a tiny net: well above chance
    expect(events.at(-1)?.status).toBe('done');
    expect(posteriorBytes(dir).metadata).toMatchObject({ format: 'unsure-posterior', step: '40' });
    expect(readCheckpoint(dir).step).toBe(40);
  });

  it('resumed from a checkpoint gives exactly the same posterior as an uninterrupted run', async () => {
    const full = await runTraining({ config: small, modelsDir: root });
    const abort = new AbortController();
    const part = await runTraining({
      config: small,
      modelsDir: root,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.step >= 13) abort.abort();
      },
      progressIntervalMs: 0,
    });
    expect(part.status).toBe('stopped');
    expect(part.step).toBeLessThan(40);
    expect(
      ModelMeta.parse(JSON.parse(fs.readFileSync(path.join(part.modelDir!, 'model.json'), 'utf8'))).status,
    ).toBe('stopped');
    const resumed = await runTraining({ resumeFrom: part.modelDir! });
    expect(resumed).toMatchObject({ status: 'complete', step: 40 });
    const a = posteriorBytes(full.modelDir!).tensors;
    const b = posteriorBytes(part.modelDir!).tensors;
    expect(b.map((t) => t.name)).toEqual(a.map((t) => t.name));
    const bytes = (d: Float32Array) => Buffer.from(d.buffer, d.byteOffset, d.byteLength);
    a.forEach((t, i) => expect(bytes(b[i]!.data).equals(bytes(t.data))).toBe(true));
    expect(readMetrics(part.modelDir!, Infinity).map((m) => m.step)).toEqual([0, 20, 40]);
  });

  it('pauses (checkpointing) and resumes on request', async () => {
    const control = new TrainControl();
    const statuses: string[] = [];
    const out = await runTraining({
      config: small,
      modelsDir: root,
      control,
      progressIntervalMs: 0,
      onProgress: (p) => {
        statuses.push(p.status);
        // Updates come in blocks, so "from step 10 on", not "at step 10".
        if (p.step >= 10 && p.status === 'running' && !statuses.includes('paused')) control.pause();
        if (p.status === 'paused') setTimeout(() => control.resume(), 10);
      },
    });
    expect(out.status).toBe('complete');
    expect(statuses).toContain('paused');
  });

  it('stops on NaN with train_diverged and keeps the last good checkpoint', async () => {
    fault.atStep = 27;
    const out = await runTraining({ config: small, modelsDir: root });
    fault.atStep = -1;
    expect(out.status).toBe('failed');
    expect(out.error?.code).toBe('train_diverged');
    expect(out.error?.message).toMatch(/step 40.*step 20/);
    const cp = readCheckpoint(out.modelDir!);
    expect(cp.step).toBe(20);
    expect(
      ModelMeta.parse(JSON.parse(fs.readFileSync(path.join(out.modelDir!, 'model.json'), 'utf8'))),
    ).toMatchObject({
      status: 'failed',
      step: 20,
    });
  });

  it('never names step -1: a run that diverges before its first checkpoint says none was written', async () => {
    fault.atStep = 5;
    const out = await runTraining({ config: small, modelsDir: root });
    fault.atStep = -1;
    expect(out.error?.code).toBe('train_diverged');
    expect(out.error?.message).not.toMatch(/step -1/);
    expect(out.error?.message).toMatch(/no checkpoint had been written yet/);
    expect(
      ModelMeta.parse(JSON.parse(fs.readFileSync(path.join(out.modelDir!, 'model.json'), 'utf8'))),
    ).toMatchObject({ status: 'failed', failure: { code: 'train_diverged' } });
  });

  it('marks a run that ends near chance (lr 1) as failed, never complete', async () => {
    const out = await runTraining({ config: { ...small, learningRate: 1 }, modelsDir: root });
    expect(out.final?.test.accuracy).toBeLessThan(0.2);
    expect(out).toMatchObject({ status: 'failed', error: { code: 'near_chance' } });
    expect(out.error?.message).toMatch(/below 20\.0% \(twice chance\)/);
    const meta = ModelMeta.parse(JSON.parse(fs.readFileSync(path.join(out.modelDir!, 'model.json'), 'utf8')));
    expect(meta).toMatchObject({ status: 'failed', step: 40, failure: { code: 'near_chance' } });
  });

  it('refuses a second trainer on a model folder that is being trained (busy)', async () => {
    const first = await runTraining({
      config: small,
      modelsDir: root,
      onSaved: async (dir) => {
        // Still under the first run's lock: a resume of the same folder must be refused.
        const second = await runTraining({ resumeFrom: dir });
        expect(second).toMatchObject({ status: 'failed', error: { code: 'busy' } });
        expect(
          ModelMeta.parse(JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'))).status,
        ).toBe('complete');
      },
    });
    expect(first.status).toBe('complete');
    expect(fs.existsSync(path.join(first.modelDir!, 'train.lock'))).toBe(false);
  });

  it("runs onSaved (calibration) after the final save and before 'done' or 'stopped' is sent", async () => {
    const order: string[] = [];
    const abort = new AbortController();
    const out = await runTraining({
      config: small,
      modelsDir: root,
      signal: abort.signal,
      progressIntervalMs: 0,
      onProgress: (p) => {
        order.push(p.status);
        if (p.step >= 10) abort.abort();
      },
      onSaved: async (dir) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const meta = ModelMeta.parse(JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')));
        order.push(`saved ${meta.status}`);
      },
    });
    expect(out.status).toBe('stopped');
    expect(order.slice(-2)).toEqual(['saved stopped', 'stopped']);
  });

  it('derives steps/s from the injected clock and gives an ETA only once enough running time is timed', async () => {
    let clock = 0;
    const events: TrainProgress[] = [];
    await runTraining({
      config: { ...small, logEvery: 40 },
      modelsDir: root,
      nowFunc: () => (clock += 100), // every reading advances 100 ms: 1–2 readings per step
      progressIntervalMs: 1000,
      stepsPerCall: 1, // one update per clock reading pair, so the bounds below hold
      onProgress: (p) => events.push(p),
    });
    const running = events.filter((e) => e.status === 'running' && e.step > 0 && e.step < 40);
    expect(running.length).toBeGreaterThan(2);
    for (const e of running) {
      expect(e.stepsPerSecond).toBeGreaterThan(4);
      expect(e.stepsPerSecond).toBeLessThanOrEqual(10);
    }
    // No estimate from the first seconds; then remaining steps over the rate.
    expect(running[0]?.etaSeconds).toBeNull();
    const estimated = running.filter((e) => e.etaSeconds !== null);
    expect(estimated.length).toBeGreaterThan(0);
    for (const e of estimated) expect(e.etaSeconds).toBeCloseTo((40 - e.step) / e.stepsPerSecond, 6);
  });

  it('leaks no tensors across steps', async () => {
    const { tf } = await loadBackend();
    const s = await session.openSession(tf, TrainConfig.parse(small), mnistDataset);
    session.runStep(s, 0);
    const before = tf.memory().numTensors;
    for (let i = 1; i < 30; i++) session.runStep(s, i);
    expect(tf.memory().numTensors).toBe(before);
    s.dispose();
  });
});

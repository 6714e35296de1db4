// The trainer works for any family through FamilyTrainer alone: a tiny fake family shows which
// examples it is trained on and what finish() gets.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { registry } from '../families';
import { fakeFamily } from '../families/fake-family';
import { decodeSafetensors } from '../format/safetensors';
import { runTraining } from './trainer';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-family-train-'));
const laplace = registry.families.laplace;
afterAll(() => {
  registry.families.laplace = laplace;
  fs.rmSync(root, { recursive: true, force: true });
});

const rowDigests = (x: TF.Tensor2D): string[] => {
  const data = x.dataSync() as Float32Array;
  const width = x.shape[1];
  return Array.from({ length: x.shape[0] }, (_, r) =>
    crypto
      .createHash('sha1')
      .update(Buffer.from(data.buffer, data.byteOffset + r * width * 4, width * 4))
      .digest('hex'),
  );
};

describe('a family with a validation split', () => {
  it('trains only on the examples before it, and finish() gets both parts before the model is saved', async () => {
    const trained = new Set<string>();
    const finished: { train: number; validation: string[] }[] = [];
    registry.families.laplace = fakeFamily({
      validationSize: 10000,
      onStep: (x) => rowDigests(x).forEach((d) => trained.add(d)),
      onFinish: ({ train, validation }) => {
        expect(train.y.shape).toEqual([50000, 10]);
        expect(validation.y.shape).toEqual([10000, 10]);
        finished.push({ train: train.x.shape[0], validation: rowDigests(validation.x) });
        return Promise.resolve();
      },
    });
    const out = await runTraining({
      config: {
        family: 'laplace',
        hidden: [8],
        steps: 40,
        batchSize: 64,
        logEvery: 20,
        checkpointEvery: 20,
        trainEvalSize: 100,
        evalSamples: 1,
      },
      modelsDir: root,
      stepsPerCall: 1,
    });
    // The fake family learns nothing: the run ends at chance, after finish() and the final save.
    expect(out).toMatchObject({ status: 'failed', step: 40, error: { code: 'near_chance' } });
    expect(finished).toHaveLength(1);
    expect(finished[0]!.train).toBe(50000);
    expect(trained.size).toBeGreaterThan(2000);
    const overlap = finished[0]!.validation.filter((d) => trained.has(d));
    expect(overlap).toEqual([]);
    const file = decodeSafetensors(fs.readFileSync(path.join(out.modelDir!, 'posterior.safetensors')));
    expect(file.metadata).toMatchObject({ family: 'laplace', arch: 'mlp' });
    expect(file.tensors.map((t) => t.name)).toEqual(['layers.0.weight', 'layers.0.bias']);
  });

  it('holds out the digits a config asks for, also for a family that needs no validation', async () => {
    const trained = new Set<string>();
    const finished: { train: number; validation: string[] }[] = [];
    registry.families.laplace = fakeFamily({
      onStep: (x) => rowDigests(x).forEach((d) => trained.add(d)),
      onFinish: ({ train, validation }) => {
        finished.push({ train: train.x.shape[0], validation: rowDigests(validation.x) });
        return Promise.resolve();
      },
    });
    const out = await runTraining({
      config: {
        family: 'laplace',
        hidden: [8],
        steps: 40,
        batchSize: 64,
        logEvery: 20,
        checkpointEvery: 20,
        trainEvalSize: 100,
        evalSamples: 1,
        holdOut: 20000,
      },
      modelsDir: root,
      stepsPerCall: 1,
    });
    expect(finished.map((f) => [f.train, f.validation.length])).toEqual([[40000, 20000]]);
    expect(trained.size).toBeGreaterThan(2000);
    expect(finished[0]!.validation.filter((d) => trained.has(d))).toEqual([]);
    const saved = JSON.parse(fs.readFileSync(path.join(out.modelDir!, 'model.json'), 'utf8')) as {
      config: { holdOut: number };
    };
    expect(saved.config.holdOut).toBe(20000);
  });
});

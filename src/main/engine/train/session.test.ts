import { beforeAll, describe, expect, it } from 'vitest';
import { mnistDataset } from '../datasets/mnist';
import type * as TF from '@tensorflow/tfjs';
import { loadBackend } from '../backend';
import { TrainConfig } from '../../../shared/training';
import { blockSize, openSession, runStep, runSteps, type Session } from './session';
import { stepsThisCall } from './trainer';
import { graphStepAvailable } from '../bnn/graph/graph-step';

let tf: typeof TF;
beforeAll(async () => {
  ({ tf } = await loadBackend());
});

const config = TrainConfig.parse({
  hidden: [16],
  batchSize: 32,
  trainEvalSize: 100,
  outlierFraction: 0.25, // the block's batches get their outlier rows too
  seed: 9,
});

const theta = (s: Session) => s.trainer.save().model.map((t) => Array.from(t.data));

describe('runSteps', () => {
  it('makes in blocks the same updates as step by step (graph step on native TensorFlow)', async () => {
    process.env.UNSURE_BLOCK = '4';
    const blocked = await openSession(tf, config, mnistDataset).finally(
      () => delete process.env.UNSURE_BLOCK,
    );
    const single = await openSession(tf, config, mnistDataset);
    expect(blockSize(blocked)).toBe(graphStepAvailable(tf) ? 4 : 1);
    const block = blockSize(blocked);
    for (let i = 0; i < 8; i++) runStep(single, i);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 8; i += block) runSteps(blocked, i, block);
    expect(tf.memory().numTensors).toBe(before);
    expect(blocked.trainer.save().adamT).toBe(8);
    expect(theta(blocked)).toEqual(theta(single));
    runSteps(blocked, 8, 3); // not a block: three single updates
    for (let i = 8; i < 11; i++) runStep(single, i);
    expect(theta(blocked)).toEqual(theta(single));
    blocked.dispose();
    single.dispose();
  });
});

describe('stepsThisCall', () => {
  const intervals = { steps: 100, logEvery: 20, checkpointEvery: 50 };
  it('runs a whole block only when it ends by the next log, checkpoint or final step', () => {
    expect(stepsThisCall(0, intervals, 8)).toBe(8);
    expect(stepsThisCall(8, intervals, 8)).toBe(8);
    expect(stepsThisCall(16, intervals, 8)).toBe(1); // the log at 20 comes first
    expect(stepsThisCall(12, intervals, 8)).toBe(8); // ends exactly at the log step
    expect(stepsThisCall(44, intervals, 8)).toBe(1); // checkpoint at 50
    expect(stepsThisCall(95, { ...intervals, logEvery: 1000, checkpointEvery: 1000 }, 4)).toBe(4);
    expect(stepsThisCall(97, { ...intervals, logEvery: 1000, checkpointEvery: 1000 }, 4)).toBe(1);
    expect(stepsThisCall(3, intervals, 1)).toBe(1);
  });
});

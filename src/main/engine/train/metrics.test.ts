import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBackend } from '../backend';
import type { Predictor } from '../families/family';
import { evaluateSplit } from './metrics';

let tf: typeof TF;
beforeAll(async () => {
  ({ tf } = await loadBackend('cpu'));
});

const ROWS = 40;
const CLASSES = 3;

/**
 * Draw 0 of row r leans to the row's label; every other draw to one of the two other classes, in
 * turn: one draw alone is always right, the mean of many always wrong.
 */
function counted(): { predictor: Predictor; calls: { sampleLogits: number; blocks: number } } {
  const calls = { sampleLogits: 0, blocks: 0 };
  const logits = (rows: number, s: number) => {
    const values = new Float32Array(rows * CLASSES);
    for (let r = 0; r < rows; r++) values[r * CLASSES + ((s === 0 ? r : r + 1 + (s % 2)) % CLASSES)] = 4;
    return tf.tensor2d(values, [rows, CLASSES]);
  };
  const predictor: Predictor = {
    sampleLogits: (x, _seed, draw) => {
      calls.sampleLogits++;
      return logits(x.shape[0], draw);
    },
    meanLogits: (x) => logits(x.shape[0], 0),
    blockSampler: (x) => {
      calls.blocks++;
      return { probs: (s) => tf.softmax(logits(x.shape[0], s)), dispose: () => undefined };
    },
    dispose: () => undefined,
  };
  return { predictor, calls };
}

function split() {
  const labels = Uint8Array.from({ length: ROWS }, (_, r) => r % CLASSES);
  return {
    count: ROWS,
    images: tf.zeros<TF.Rank.R2>([ROWS, 4]),
    oneHot: tf.oneHot(tf.tensor1d(labels, 'int32'), CLASSES).toFloat() as TF.Tensor2D,
    labels,
    dispose: () => undefined,
  };
}

describe('evaluateSplit', () => {
  it("takes the accuracy's draws from the block sampler with `blocks`, the same values as draw by draw", () => {
    const data = split();
    const config = { evalSamples: 30, beta: 1 };
    const byDraw = counted();
    const one = evaluateSplit(tf, byDraw.predictor, data, config, 0, 7);
    expect(byDraw.calls).toEqual({ sampleLogits: 31, blocks: 0 });
    const byBlock = counted();
    const other = evaluateSplit(tf, byBlock.predictor, data, config, 0, 7, { blocks: true });
    // Only the ELBO's one sample is drawn alone.
    expect(byBlock.calls).toEqual({ sampleLogits: 1, blocks: 1 });
    expect(other).toEqual(one);
    expect(one.accuracy).toBe(0);
    expect(evaluateSplit(tf, byDraw.predictor, data, { ...config, evalSamples: 1 }, 0, 7).accuracy).toBe(1);
  });
});

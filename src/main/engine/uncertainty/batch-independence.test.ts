import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TrainConfig } from '../../../shared/training';
import type { PredictiveSummary } from '../../../shared/uncertainty/scores';
import { loadBackend } from '../backend';
import { loadMnistRaw } from '../data/mnist';
import { fakePosterior } from '../store/fixtures';
import { summarisePosterior, type PosteriorModel } from '../verdicts';

const PIXELS = 784;
const SAMPLES = 12;

let tf: typeof TF;
beforeAll(async () => {
  ({ tf } = await loadBackend());
});

/** The default model's shape with log-variance −2, so that samples disagree. */
function spreadModel(): PosteriorModel {
  const hidden = [256, 256];
  const posterior = fakePosterior(hidden, 4).map((t) =>
    t.name.endsWith('logvar') ? { ...t, data: t.data.map(() => -2) } : t,
  );
  return { posterior, meta: { config: TrainConfig.parse({ hidden }) } };
}

/** Every per-image value of row `row`: the class means and spreads, then the four scores. */
function rowOf(summary: PredictiveSummary, row: number): number[] {
  const classes = (a: Float32Array) => Array.from(a.subarray(row * 10, row * 10 + 10));
  return [
    ...classes(summary.meanProbs),
    ...classes(summary.stdProbs),
    summary.std[row]!,
    summary.entropy[row]!,
    summary.mutualInformation[row]!,
    summary.maxProb[row]!,
  ];
}

/**
 * The same draws give the same numbers up to float32 rounding: the matrix kernels sum in an order
 * that depends on the matrix's shape and on the row's place in it (a few units in the last place,
 * ≤ 1e-6 here). Draws that depended on the batch would differ by the posterior's spread (≥ 1e-2).
 */
function expectSameImage(many: PredictiveSummary, row: number, few: PredictiveSummary, alone: number) {
  expect(many.predicted[row]).toBe(few.predicted[alone]);
  const expected = rowOf(few, alone);
  rowOf(many, row).forEach((value, i) => expect(Math.abs(value - expected[i]!)).toBeLessThan(1e-5));
}

describe('scoring a set of images', () => {
  it('gives each image the same summary alone and anywhere in a bigger batch, across block boundaries', async () => {
    const model = spreadModel();
    const test = loadMnistRaw('test').pixels;
    const picked = [3, 7, 11];
    const alone = new Uint8Array(picked.length * PIXELS);
    picked.forEach((image, i) => alone.set(test.subarray(image * PIXELS, (image + 1) * PIXELS), i * PIXELS));
    // 7000 other test images, with the picked ones at a block's start, either side of its end, and near the end.
    const big = test.slice(0, 7000 * PIXELS);
    const places = [0, 4999, 5000, 6998];
    places.forEach((row, i) =>
      big.set(alone.subarray((i % 3) * PIXELS, ((i % 3) + 1) * PIXELS), row * PIXELS),
    );
    const [few, many] = [
      await summarisePosterior(tf, model, alone, SAMPLES),
      await summarisePosterior(tf, model, big, SAMPLES),
    ];
    places.forEach((row, i) => expectSameImage(many, row, few, i % 3));
    // Not vacuous: the samples disagree, and the images differ.
    expect(Math.max(...few.std)).toBeGreaterThan(0.01);
    expect(rowOf(few, 0)).not.toEqual(rowOf(few, 1));
  });
});

import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { mnistDataset } from '../../datasets/mnist';
import type * as TF from '@tensorflow/tfjs';
import type { TrainConfigInput } from '../../../../shared/training';
import { loadBackend } from '../../backend';
import { splitTensors, type SplitTensors } from '../../data/dataset';
import type { FamilyContext } from '../family';
import { accuracy, mnistContext, testDigits, trainOn } from '../nets/mnist-runs';
import { FIT_DRAWS, FIT_SEED, PRIOR_GRID, predictiveNll } from './fit';
import { type LaplaceTrainer } from './trainer';
import { laplaceFamily } from '.';

let tf: typeof TF;
let split: SplitTensors;
// The first 8000 training examples: 6000 to train on, the 2000 after them as the validation split.
const TRAIN = 6000;
const rows = (t: TF.Tensor2D, from: number, count: number) => t.slice([from, 0], [count, -1]);
let data: { train: { x: TF.Tensor2D; y: TF.Tensor2D }; validation: { x: TF.Tensor2D; y: TF.Tensor2D } };

beforeAll(async () => {
  ({ tf } = await loadBackend());
  split = splitTensors(tf, mnistDataset, 'train', 8000);
  data = {
    train: { x: rows(split.images, 0, TRAIN), y: rows(split.oneHot, 0, TRAIN) },
    validation: { x: rows(split.images, TRAIN, 2000), y: rows(split.oneHot, TRAIN, 2000) },
  };
});
afterAll(() => split.dispose());

const MLP: TrainConfigInput = {
  family: 'laplace',
  hidden: [64],
  batchSize: 128,
  steps: 300,
  learningRate: 0.003,
  lrSchedule: 'cosine',
  seed: 5,
};

async function fitted(ctx: FamilyContext, validation = data.validation): Promise<LaplaceTrainer> {
  const trainer = (await trainOn(tf, laplaceFamily, ctx)) as LaplaceTrainer;
  await trainer.finish({ train: data.train, validation });
  return trainer;
}

describe('laplace family', () => {
  it('fits a Kronecker last layer whose saved tensors predict as the trainer, λ chosen on the validation split', async () => {
    const ctx = mnistContext(MLP, TRAIN);
    // λ is chosen on the calibration rows: MNIST's 5000 of its 60000.
    expect(laplaceFamily.validationSize!(mnistContext(MLP, 60000))).toBe(5000);
    const trainer = await fitted(ctx);
    const fit = trainer.fit!;
    expect(PRIOR_GRID).toContain(fit.priorPrecision);
    const chosen = fit.grid.find((g) => g.priorPrecision === fit.priorPrecision)!;
    expect(chosen.nll).toBe(Math.min(...fit.grid.map((g) => g.nll)));
    // Measured: this short-trained MAP is not overconfident, so the validation NLL falls as λ
    // grows and the top of the grid wins, level with the MAP (0.28169 vs 0.28166 nats).
    expect(chosen.nll - fit.mapNll).toBeLessThan(1e-3);

    const state = trainer.save();
    expect(state.model.map((t) => t.name)).toEqual(laplaceFamily.tensorSpecs(ctx).map((s) => s.name));
    expect(() => laplaceFamily.checkValues!(state.model, 'model_invalid')).not.toThrow();
    const p = laplaceFamily.predictor(tf, ctx, state.model);
    // The recorded NLL is that of the saved predictive's draws on the validation split.
    const valLogits = tf.stack(
      Array.from({ length: FIT_DRAWS }, (_, d) => p.sampleLogits(data.validation.x, FIT_SEED, d)),
    ) as TF.Tensor3D;
    expect(predictiveNll(tf, valLogits, data.validation.y)).toBeCloseTo(chosen.nll, 3);

    const test = testDigits(tf, 1000);
    const mean = p.meanLogits(test.images);
    expect(accuracy(tf, mean, test.labels)).toBeGreaterThanOrEqual(0.88);
    const live = trainer.predictor();
    const [a, b, again, liveA] = [
      p.sampleLogits(test.images, 3, 0),
      p.sampleLogits(test.images, 3, 1),
      p.sampleLogits(test.images, 3, 0),
      live.sampleLogits(test.images, 3, 0),
    ];
    expect(Array.from(again.dataSync())).toEqual(Array.from(a.dataSync()));
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeGreaterThan(1e-3);
    expect(tf.max(tf.abs(tf.sub(a, liveA))).dataSync()[0]).toBeLessThan(1e-4);
    const probs = p.sampleProbs!(test.images, 2, 3);
    const direct = tf.stack([tf.softmax(a), tf.softmax(b)]);
    expect(tf.max(tf.abs(tf.sub(probs, direct))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([valLogits, mean, a, b, again, liveA, probs, direct]);
    [p, live].forEach((x) => x.dispose());
    test.dispose();
    trainer.dispose();
  });

  it('lets the validation labels, not anything else, choose λ: shuffled labels pick a smaller one (more spread)', async () => {
    const ctx = mnistContext({ ...MLP, laplace: 'diag' }, TRAIN);
    const real = await fitted(ctx);
    const shuffled = tf.tidy(() =>
      tf.gather(
        data.validation.y,
        tf.tensor1d(
          Array.from({ length: 2000 }, (_, i) => ((i * 7) % 2000) ^ 1),
          'int32',
        ),
      ),
    );
    const noise = await fitted(ctx, { x: data.validation.x, y: shuffled });
    expect(noise.fit!.priorPrecision).toBeLessThan(real.fit!.priorPrecision);
    shuffled.dispose();
    [real, noise].forEach((t) => t.dispose());
  });

  it('before finish, saves a posterior collapsed onto the MAP (every draw the MAP prediction)', async () => {
    const ctx = mnistContext({ ...MLP, steps: 2 }, TRAIN);
    const trainer = await trainOn(tf, laplaceFamily, ctx);
    const p = laplaceFamily.predictor(tf, ctx, trainer.save().model);
    const x = data.validation.x.slice([0, 0], [10, -1]);
    const [s, m] = [p.sampleLogits(x, 1, 1), p.meanLogits(x)];
    expect(tf.max(tf.abs(tf.sub(s, m))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([x, s, m]);
    p.dispose();
    trainer.dispose();
  });
});

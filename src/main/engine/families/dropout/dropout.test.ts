import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import type { TrainConfigInput } from '../../../../shared/training';
import { loadBackend } from '../../backend';
import { pointFamily } from '../point';
import { accuracy, mnistContext, testDigits, trainOn } from '../nets/mnist-runs';
import { dropoutFamily } from '.';

let tf: typeof TF;
beforeAll(async () => {
  ({ tf } = await loadBackend());
});

const MLP: TrainConfigInput = {
  family: 'dropout',
  hidden: [128],
  dropout: 0.25,
  batchSize: 128,
  steps: 400,
  learningRate: 0.003,
  lrSchedule: 'cosine',
  seed: 4,
};

const values = (t: TF.Tensor) => Array.from(t.dataSync());

describe('dropout family', () => {
  it('trains an MLP to ≥ 90% on 1k test digits; draws differ, are pure, and do not depend on the rest of the batch', async () => {
    const ctx = mnistContext(MLP, 10000);
    const trainer = await trainOn(tf, dropoutFamily, ctx);
    const test = testDigits(tf, 1000);
    const p = dropoutFamily.predictor(tf, ctx, trainer.save().model);
    const mean = p.meanLogits(test.images);
    expect(accuracy(tf, mean, test.labels)).toBeGreaterThanOrEqual(0.9);

    const a = p.sampleLogits(test.images, 5, 0);
    const again = p.sampleLogits(test.images, 5, 0);
    const b = p.sampleLogits(test.images, 5, 1);
    const c = p.sampleLogits(test.images, 6, 0);
    expect(values(again)).toEqual(values(a));
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeGreaterThan(0.1);
    expect(tf.max(tf.abs(tf.sub(a, c))).dataSync()[0]).toBeGreaterThan(0.1);
    // A draw is still a good classifier (dropout at 0.25 was on in training).
    expect(accuracy(tf, a, test.labels)).toBeGreaterThanOrEqual(0.85);
    // The same picture alone or in a batch gets the same answer from the same draw.
    const alone = p.sampleLogits(test.images.slice([7, 0], [1, -1]), 5, 0);
    const inBatch = a.slice([7, 0], [1, -1]);
    expect(tf.max(tf.abs(tf.sub(alone, inBatch))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([mean, a, again, b, c, alone, inBatch]);

    // The mean prediction is the network with dropout off: the point family's over the same tensors.
    const point = pointFamily.predictor(tf, ctx, trainer.save().model);
    const [pm, dm] = [point.meanLogits(test.images), p.meanLogits(test.images)];
    expect(values(dm)).toEqual(values(pm));
    tf.dispose([pm, dm]);
    [point, p].forEach((x) => x.dispose());
    test.dispose();
    trainer.dispose();
  });

  it('drops units in training: with rate 0 it trains exactly as the point family, with 0.5 not', async () => {
    const base: TrainConfigInput = { ...MLP, steps: 3 };
    const params = async (config: TrainConfigInput, family = dropoutFamily) => {
      const t = await trainOn(tf, family, mnistContext(config, 1000));
      const w = t.save().model[0]!.data;
      t.dispose();
      return Array.from(w);
    };
    const point = await params({ ...base, family: 'point' }, pointFamily);
    expect(await params({ ...base, dropout: 0 })).toEqual(point);
    expect(await params({ ...base, dropout: 0.5 })).not.toEqual(point);
  });

  it('trains the CNN with dropout before its dense layers clearly above chance', async () => {
    const config: TrainConfigInput = {
      ...MLP,
      arch: 'cnn',
      conv: [8, 16],
      hidden: [32],
      steps: 150,
      batchSize: 32,
    };
    const ctx = mnistContext({ ...config, learningRate: 0.002, lrSchedule: 'constant' }, 2000);
    const trainer = await trainOn(tf, dropoutFamily, ctx);
    const test = testDigits(tf, 1000);
    const p = trainer.predictor();
    const logits = p.meanLogits(test.images);
    expect(accuracy(tf, logits, test.labels)).toBeGreaterThanOrEqual(0.8);
    tf.dispose(logits);
    p.dispose();
    test.dispose();
    trainer.dispose();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import type { TrainConfigInput } from '../../../../shared/training';
import { loadBackend } from '../../backend';
import { layersFor } from '../arch';
import { halfSquaredNorm, uploadParams } from '../nets/network';
import { accuracy, mnistContext, testDigits, trainOn } from '../nets/mnist-runs';
import { pointFamily } from '.';

let tf: typeof TF;
beforeAll(async () => {
  ({ tf } = await loadBackend());
});

const MLP: TrainConfigInput = {
  family: 'point',
  hidden: [128],
  batchSize: 128,
  steps: 400,
  learningRate: 0.003,
  lrSchedule: 'cosine',
  seed: 3,
};

describe('point family', () => {
  it('trains an MLP to ≥ 90% on 1k test digits in 400 steps on 10k examples, and its saved tensors predict the same', async () => {
    const ctx = mnistContext(MLP, 10000);
    const trainer = await trainOn(tf, pointFamily, ctx);
    const test = testDigits(tf, 1000);
    const live = trainer.predictor();
    const liveLogits = live.meanLogits(test.images);
    expect(accuracy(tf, liveLogits, test.labels)).toBeGreaterThanOrEqual(0.9);

    const saved = trainer.save();
    expect(saved.model.map((t) => t.name)).toEqual(pointFamily.tensorSpecs(ctx).map((s) => s.name));
    expect(saved.optimizer.map((t) => t.name)).toContain('adam.m.layers.0.weight');
    expect(saved.adamT).toBe(400);
    const loaded = pointFamily.predictor(tf, ctx, saved.model);
    const fromFile = loaded.meanLogits(test.images);
    expect(tf.max(tf.abs(tf.sub(fromFile, liveLogits))).dataSync()[0]).toBeLessThan(1e-5);
    // Every draw is the point prediction, whatever the seed and draw.
    const draw = loaded.sampleLogits(test.images, 17, 4);
    expect(Array.from(draw.dataSync())).toEqual(Array.from(fromFile.dataSync()));
    tf.dispose([liveLogits, fromFile, draw]);
    live.dispose();
    loaded.dispose();
    test.dispose();
    trainer.dispose();
  });

  it('reports weightDecay · ½‖θ‖² as its prior term, and resumes from a checkpoint to the same weights', async () => {
    const ctx = mnistContext({ ...MLP, steps: 5, weightDecay: 0.01 }, 1000);
    const a = await trainOn(tf, pointFamily, ctx);
    const state = a.save();
    const params = uploadParams(tf, state.model);
    expect(a.priorTerm()).toBeCloseTo(0.01 * halfSquaredNorm(tf, params).dataSync()[0]!, 4);
    tf.dispose([...params.values()]);

    const b = await pointFamily.openTrainer(tf, ctx, state);
    const x = testDigits(tf, 64);
    for (const t of [a, b]) t.step(x.images, x.oneHot, 99);
    const [wa, wb] = [a.save(), b.save()];
    expect(wb.adamT).toBe(6);
    wa.model.forEach((t, i) => expect(Array.from(wb.model[i]!.data)).toEqual(Array.from(t.data)));
    x.dispose();
    a.dispose();
    b.dispose();
  });

  it('does not leak tensors across steps', async () => {
    const ctx = mnistContext({ ...MLP, steps: 1 }, 1000);
    const trainer = await trainOn(tf, pointFamily, ctx);
    const x = testDigits(tf, 64);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) trainer.step(x.images, x.oneHot, i);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    trainer.dispose();
  });

  it('trains the CNN (conv blocks, then dense layers) clearly above chance', async () => {
    const config: TrainConfigInput = {
      ...MLP,
      arch: 'cnn',
      conv: [8, 16],
      hidden: [32],
      steps: 150,
      batchSize: 32,
      learningRate: 0.002,
      lrSchedule: 'constant',
    };
    const ctx = mnistContext(config, 2000);
    expect(layersFor(ctx.config, ctx.shape).map((l) => l.kind)).toEqual(['conv', 'conv', 'dense', 'dense']);
    const trainer = await trainOn(tf, pointFamily, ctx);
    const test = testDigits(tf, 1000);
    const p = pointFamily.predictor(tf, ctx, trainer.save().model);
    const logits = p.meanLogits(test.images);
    expect(accuracy(tf, logits, test.labels)).toBeGreaterThanOrEqual(0.8);
    tf.dispose(logits);
    p.dispose();
    test.dispose();
    trainer.dispose();
  });
});

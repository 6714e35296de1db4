import { beforeAll, describe, expect, it } from 'vitest';
import { mnistDataset } from '../../datasets/mnist';
import type * as TF from '@tensorflow/tfjs';
import { loadBackend } from '../../backend';
import { MNIST_SHAPE } from '../../../../shared/data-shape';
import { TrainConfig } from '../../../../shared/training';
import { BatchSchedule, BatchSource, splitTensors } from '../../data/dataset';
import { mixSeed } from '../../bnn/rng';
import type { FamilyContext, FamilyTrainer } from '../family';
import { familyFor } from '../index';
import { checkSpecs } from '../tensors';
import { gaussianSpecs } from '../mfvi/tensors';
import { cnnPredictor } from './predictor';
import { openCnnTrainer } from './trainer';

let tf: typeof TF;
beforeAll(async () => {
  ({ tf } = await loadBackend());
});

// A small CNN (the reference's shape, narrower) so that a few hundred steps take seconds.
const config = TrainConfig.parse({ arch: 'cnn', conv: [8, 16], hidden: [32], batchSize: 32, seed: 4 });
const TRAIN = 3000;
const ctx: FamilyContext = { config, shape: MNIST_SHAPE, trainSize: TRAIN };

function batches() {
  return new BatchSource(
    mnistDataset,
    'train',
    new BatchSchedule(mixSeed(config.seed, 1), TRAIN, config.batchSize),
    32,
  );
}

function run(trainer: FamilyTrainer, source: BatchSource, from: number, steps: number): void {
  for (let step = from; step < from + steps; step++) {
    const { x, y } = source.batch(tf, step);
    trainer.step(x, y, mixSeed(config.seed, 2, step));
    tf.dispose([x, y]);
  }
}

describe('the mean-field CNN tensors', () => {
  it('names a mean and a log-variance for every weight and bias, in arch.ts shapes', () => {
    const specs = gaussianSpecs(ctx);
    expect(specs.map((s) => s.name).slice(0, 4)).toEqual([
      'layers.0.weight.mean',
      'layers.0.weight.logvar',
      'layers.0.bias.mean',
      'layers.0.bias.logvar',
    ]);
    expect(specs.find((s) => s.name === 'layers.1.weight.mean')?.shape).toEqual([3, 3, 8, 16]);
    expect(specs.find((s) => s.name === 'layers.2.weight.logvar')?.shape).toEqual([7 * 7 * 16, 32]);
    expect(specs.at(-1)).toEqual({ name: 'layers.3.bias.logvar', shape: [10] });
  });
});

describe('the mean-field CNN trainer', () => {
  it("is the mean-field family's cnn architecture: its saved tensors pass the family's checks", async () => {
    const family = familyFor(config);
    const trainer = await family.openTrainer(tf, ctx);
    run(trainer, batches(), 0, 1);
    const { model } = trainer.save();
    expect(() => checkSpecs(model, family.tensorSpecs(ctx), 'model_invalid')).not.toThrow();
    expect(() => family.checkValues?.(model, 'model_invalid')).not.toThrow();
    const predictor = family.predictor(tf, ctx, model);
    const x = splitTensors(tf, mnistDataset, 'test', 2).images;
    expect(predictor.sampleLogits(x, 1, 0).shape).toEqual([2, 10]);
    predictor.dispose();
    trainer.dispose();
  });

  it('learns MNIST well above chance (10%) in 200 steps', async () => {
    const trainer = await openCnnTrainer(tf, ctx);
    run(trainer, batches(), 0, 200);
    const test = splitTensors(tf, mnistDataset, 'test', 1000);
    const predictor = trainer.predictor();
    const predicted = tf.tidy(() =>
      tf.argMax(tf.mean(predictor.sampleProbs!(test.images, 4, 9), 0), 1).dataSync(),
    );
    const accuracy = predicted.filter((c, i) => c === test.labels[i]).length / test.count;
    expect(accuracy).toBeGreaterThan(0.8);
    expect(Number.isFinite(trainer.priorTerm())).toBe(true);
    predictor.dispose();
    test.dispose();
    trainer.dispose();
  });

  it('saves a state whose predictor answers as the trainer does, and resumes to the same next step', async () => {
    const source = batches();
    const trainer = await openCnnTrainer(tf, ctx);
    run(trainer, source, 0, 5);
    const saved = trainer.save();
    expect(saved.adamT).toBe(5);
    expect(saved.optimizer.map((t) => t.name)).toContain('adam.m.layers.2.weight.logvar');
    expect(saved.optimizer.map((t) => t.name)).toContain('adam.v.layers.0.bias.mean');
    const x = splitTensors(tf, mnistDataset, 'test', 16).images;
    const live = trainer.predictor();
    const loaded = cnnPredictor(tf, ctx, saved.model);
    for (const p of [live, loaded])
      expect(p.sampleLogits(x, 11, 3).arraySync()).toEqual(live.sampleLogits(x, 11, 3).arraySync());
    expect(loaded.meanLogits(x).arraySync()).toEqual(live.meanLogits(x).arraySync());

    const resumed = await openCnnTrainer(tf, ctx, saved);
    run(trainer, source, 5, 1);
    run(resumed, source, 5, 1);
    expect(resumed.save().model).toEqual(trainer.save().model);
    [live, loaded].forEach((p) => p.dispose());
    [trainer, resumed].forEach((t) => t.dispose());
  });
});

/** Largest absolute difference between two tensors' values. */
function maxDiff(a: TF.Tensor, b: TF.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

describe('the mean-field CNN predictor', () => {
  // The native convolution may sum in another order for another batch size, so "the same" is
  // to float rounding (1e-4 on logits of magnitude ~10), against differences of ~1 between draws.
  it('gives a picture the same sample alone as within a bigger batch; draws differ', async () => {
    const trainer = await openCnnTrainer(tf, { ...ctx, config: { ...config, initLogvar: -3 } });
    const predictor = trainer.predictor();
    const images = splitTensors(tf, mnistDataset, 'test', 9).images;
    const one = tf.slice(images, [4, 0], [1, -1]);
    const alone = predictor.sampleLogits(one, 5, 2);
    expect(maxDiff(alone, tf.slice(predictor.sampleLogits(images, 5, 2), [4, 0], [1, -1]))).toBeLessThan(
      1e-4,
    );
    expect(maxDiff(alone, predictor.sampleLogits(one, 5, 2))).toBe(0);
    const probs = predictor.sampleProbs!(images, 3, 5);
    expect(probs.shape).toEqual([3, 9, 10]);
    expect(maxDiff(tf.slice(probs, [2, 4, 0], [1, 1, -1]).reshape([1, 10]), tf.softmax(alone))).toBeLessThan(
      1e-6,
    );
    expect(maxDiff(alone, predictor.sampleLogits(one, 5, 1))).toBeGreaterThan(0.05);
    expect(maxDiff(alone, predictor.sampleLogits(one, 6, 2))).toBeGreaterThan(0.05);
    predictor.dispose();
    trainer.dispose();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import type * as TF from '@tensorflow/tfjs';
import { loadBackend } from '../backend';
import { TrainConfig } from '../../../shared/training';
import { MNIST_SHAPE, type DataShape } from '../../../shared/data-shape';
import type { NamedTensor } from '../format/safetensors';
import type { FamilyContext, FamilyTrainer, ModelFamily, Predictor, TrainedState } from './family';
import { ensembleOf, memberSeed } from './ensemble';
import { mfvi } from './mfvi';

let tf: typeof TF;
beforeAll(async () => {
  ({ tf } = await loadBackend());
});

const SHAPE: DataShape = { height: 2, width: 2, channels: 1, classes: 3 };
const ctxOf = (members: number, seed = 11): FamilyContext => ({
  config: TrainConfig.parse({ members, seed }),
  shape: SHAPE,
  trainSize: 100,
});

/** What the fake family saw, to check the ensemble's routing. */
const log = { steps: [] as { id: number; seed: number }[], finished: [] as number[], disposed: 0 };

/** A member's identity: its seed, small enough for float32. */
const idOf = (ctx: FamilyContext) => ctx.config.seed % 1000;

/** Logits [id, draw, seed % 1000] per row: which member, draw and seed answered. */
function fakePredictor(id: number, withProbs: boolean): Predictor {
  const rows = (x: TF.Tensor2D, values: number[]) =>
    tf.tile<TF.Tensor2D>(tf.tensor2d([values]), [x.shape[0], 1]);
  const p: Predictor = {
    sampleLogits: (x, seed, draw) => rows(x, [id, draw, seed % 1000]),
    meanLogits: (x) => rows(x, [id / 100, 0, -id / 100]),
    dispose: () => void (log.disposed += 1),
  };
  if (withProbs) {
    p.sampleProbsPays = (rows) => rows > id % 100;
    p.blockSampler = (x, seed) => ({
      probs: (s) => tf.softmax(p.sampleLogits(x, seed, s)),
      dispose: () => void (log.disposed += 1),
    });
  }
  if (withProbs)
    p.sampleProbs = (x, samples, seed) =>
      tf.stack(
        Array.from({ length: samples }, (_, d) => tf.softmax(p.sampleLogits(x, seed, d))),
      ) as TF.Tensor3D;
  return p;
}

/** One tensor `w` = [id], an optimiser tensor counting steps. */
function fakeFamily(withProbs = true): ModelFamily {
  return {
    tensorSpecs: () => [{ name: 'layers.0.weight', shape: [1] }],
    validationSize: (ctx) => idOf(ctx) % 50,
    openTrainer: (_tf, ctx, from?: TrainedState): Promise<FamilyTrainer> => {
      const id = from ? from.model[0]!.data[0]! : idOf(ctx);
      let count = from ? from.optimizer[0]!.data[0]! : 0;
      return Promise.resolve({
        step: (_x, _y, seed) => {
          count += 1;
          log.steps.push({ id, seed });
        },
        priorTerm: () => id,
        predictor: () => fakePredictor(id, withProbs),
        save: () => ({
          model: [{ name: 'layers.0.weight', shape: [1], data: Float32Array.of(id) }],
          optimizer: [{ name: 'adam.m', shape: [1], data: Float32Array.of(count) }],
          adamT: count,
        }),
        finish: () => Promise.resolve(void log.finished.push(id)),
        dispose: () => void (log.disposed += 1),
      });
    },
    predictor: (_tf, _ctx, tensors: readonly NamedTensor[]) => fakePredictor(tensors[0]!.data[0]!, withProbs),
  };
}

const ids = (K: number, seed = 11) => Array.from({ length: K }, (_, k) => memberSeed(seed, k) % 1000);
const x = () => tf.zeros<TF.Rank.R2>([2, 4]);

describe('ensembleOf', () => {
  it('names K members’ tensors members.{k}.… and seeds each from the run seed and k', () => {
    const family = ensembleOf(fakeFamily());
    expect(family.tensorSpecs(ctxOf(3)).map((s) => s.name)).toEqual([
      'members.0.layers.0.weight',
      'members.1.layers.0.weight',
      'members.2.layers.0.weight',
    ]);
    expect(new Set(ids(5)).size).toBe(5);
    expect(family.validationSize!(ctxOf(5))).toBe(Math.max(...ids(5).map((id) => id % 50)));
  });

  it('updates every member on each batch with its own seed, and reports their mean prior term', async () => {
    log.steps = [];
    const trainer = await ensembleOf(fakeFamily()).openTrainer(tf, ctxOf(3));
    trainer.step(x(), x(), 5);
    trainer.step(x(), x(), 6);
    expect(log.steps).toEqual(
      [5, 6].flatMap((seed) => ids(3).map((id, k) => ({ id, seed: memberSeed(seed, k) }))),
    );
    expect(trainer.priorTerm()).toBeCloseTo((ids(3)[0]! + ids(3)[1]! + ids(3)[2]!) / 3, 6);
    log.finished = [];
    await trainer.finish!({ train: { x: x(), y: x() }, validation: { x: x(), y: x() } });
    expect(log.finished).toEqual(ids(3));
    trainer.dispose();
  });

  it('saves model and optimiser tensors under members.{k}. and resumes each member from its own', async () => {
    const family = ensembleOf(fakeFamily());
    const first = await family.openTrainer(tf, ctxOf(2));
    first.step(x(), x(), 1);
    first.step(x(), x(), 2);
    const saved = first.save();
    expect(saved.model.map((t) => [t.name, t.data[0]])).toEqual([
      ['members.0.layers.0.weight', ids(2)[0]],
      ['members.1.layers.0.weight', ids(2)[1]],
    ]);
    expect(saved.optimizer.map((t) => [t.name, t.data[0]])).toEqual([
      ['members.0.adam.m', 2],
      ['members.1.adam.m', 2],
    ]);
    expect(saved.adamT).toBe(2);
    const resumed = await family.openTrainer(tf, ctxOf(2), saved);
    expect(resumed.save()).toEqual(saved);
    resumed.step(x(), x(), 3);
    expect(resumed.save().optimizer.map((t) => t.data[0])).toEqual([3, 3]);
  });

  it('takes draw d from member d mod K, that member’s draw ⌊d/K⌋, the same answer every time', () => {
    const family = ensembleOf(fakeFamily());
    const saved = ids(3).map((id, k) => ({
      name: `members.${k}.layers.0.weight`,
      shape: [1],
      data: Float32Array.of(id),
    }));
    const predictor = family.predictor(tf, ctxOf(3), saved);
    for (const draw of [0, 1, 2, 3, 7]) {
      const k = draw % 3;
      const row = predictor.sampleLogits(x(), 42, draw).arraySync()[0];
      expect(row).toEqual([ids(3)[k], Math.floor(draw / 3), memberSeed(42, k) % 1000]);
    }
    // The fast path gives the same samples, in the same order, for a count that is not a multiple of K.
    const fast = predictor.sampleProbs!(x(), 5, 42).arraySync();
    const slow = [0, 1, 2, 3, 4].map((d) => tf.softmax(predictor.sampleLogits(x(), 42, d)).arraySync());
    expect(fast.length).toBe(5);
    fast.forEach((sample, d) =>
      sample.forEach((row, b) => row.forEach((p, c) => expect(p).toBeCloseTo(slow[d]![b]![c]!, 6))),
    );
    // The block sampler routes draws as sampleLogits does.
    const block = predictor.blockSampler!(x(), 42);
    [0, 4, 5].forEach((d) =>
      expect(block.probs(d).arraySync()).toEqual(
        slow[d] ?? tf.softmax(predictor.sampleLogits(x(), 42, d)).arraySync(),
      ),
    );
    log.disposed = 0;
    block.dispose();
    expect(log.disposed).toBe(3);
    // The batched path pays only when it pays for every member.
    const cut = Math.max(...ids(3).map((id) => id % 100));
    expect([predictor.sampleProbsPays!(cut), predictor.sampleProbsPays!(cut + 1)]).toEqual([false, true]);
    log.disposed = 0;
    predictor.dispose();
    expect(log.disposed).toBe(3);
  });

  it('has a mean prediction whose softmax is the mean of the members’ probabilities', () => {
    const saved = ids(2).map((id, k) => ({
      name: `members.${k}.layers.0.weight`,
      shape: [1],
      data: Float32Array.of(id),
    }));
    const predictor = ensembleOf(fakeFamily(false)).predictor(tf, ctxOf(2), saved);
    expect(['sampleProbs', 'sampleProbsPays', 'blockSampler'].filter((k) => k in predictor)).toEqual([]);
    const probs = tf.softmax(predictor.meanLogits(x())).arraySync()[0]!;
    const members = ids(2).map((id) => tf.softmax(tf.tensor1d([id / 100, 0, -id / 100])).arraySync());
    probs.forEach((p, c) => expect(p).toBeCloseTo((members[0]![c]! + members[1]![c]!) / 2, 6));
  });

  it('releases the members it opened when a later one fails to open', async () => {
    const base = fakeFamily();
    let opened = 0;
    const failing: ModelFamily = {
      ...base,
      openTrainer: (tf2, ctx, from) =>
        ++opened === 2 ? Promise.reject(new Error('no')) : base.openTrainer(tf2, ctx, from),
      predictor: (tf2, ctx, tensors) => {
        if (++opened === 4) throw new Error('no');
        return base.predictor(tf2, ctx, tensors);
      },
    };
    log.disposed = 0;
    await expect(ensembleOf(failing).openTrainer(tf, ctxOf(3))).rejects.toThrow('no');
    expect(log.disposed).toBe(1);
    const saved = ids(3).map((id, k) => ({
      name: `members.${k}.layers.0.weight`,
      shape: [1],
      data: Float32Array.of(id),
    }));
    expect(() => ensembleOf(failing).predictor(tf, ctxOf(3), saved)).toThrow('no');
    expect(log.disposed).toBe(2);
  });
});

describe('ensembleOf(mfvi), a real family', () => {
  it('trains members apart, saves and resumes them, and pools their draws', async () => {
    const config = TrainConfig.parse({ hidden: [8], members: 3, batchSize: 4, seed: 3, estimator: 'local' });
    const ctx = { config, shape: MNIST_SHAPE, trainSize: 100 };
    const family = ensembleOf(mfvi);
    const trainer = await family.openTrainer(tf, ctx);
    const xs = tf.randomUniform<TF.Rank.R2>([4, 784], 0, 1, 'float32', 1);
    const ys = tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 10).toFloat() as TF.Tensor2D;
    for (let t = 0; t < 2; t++) trainer.step(xs, ys, t);
    const saved = trainer.save();
    expect(saved.model.map((t) => [t.name, t.shape])).toEqual(
      family.tensorSpecs(ctx).map((s) => [s.name, s.shape]),
    );
    expect(saved.optimizer.every((t) => /^members\.[0-2]\./.test(t.name))).toBe(true);
    // Independently initialised: the members' first weights differ.
    const firsts = saved.model.filter((t) => t.name.endsWith('layers.0.weight.mean')).map((t) => t.data[0]);
    expect(new Set(firsts).size).toBe(3);
    const resumed = await family.openTrainer(tf, ctx, saved);
    expect(resumed.save().model.map((t) => Array.from(t.data))).toEqual(
      saved.model.map((t) => Array.from(t.data)),
    );
    trainer.dispose();
    resumed.dispose();

    const predictor = family.predictor(tf, ctx, saved.model);
    const draw = (d: number) => predictor.sampleLogits(xs, 9, d).arraySync();
    expect(draw(4)).toEqual(draw(4));
    expect(draw(0)).not.toEqual(draw(1));
    const total = tf.softmax(predictor.meanLogits(xs)).sum(1).arraySync() as number[];
    total.forEach((sum) => expect(sum).toBeCloseTo(1, 5));
    predictor.dispose();
  });
});

// A deep ensemble (Lakshminarayanan et al. 2017): K independently initialised members of one base
// family, trained in one process on the same batches, their predictive samples pooled. Member k
// lives under `members.{k}.` in the model and checkpoint files, and is the base family run with its
// own seed, so an ensemble of any family is just that family K times.
import type * as TF from '@tensorflow/tfjs';
import type { NamedTensor } from '../format/safetensors';
import { mixSeed } from '../bnn/rng';
import type {
  FamilyContext,
  FamilyTrainer,
  ModelFamily,
  Predictor,
  TensorSpec,
  TrainedState,
} from './family';

/** The prefix of member k's tensors. */
export function memberPrefix(k: number): string {
  return `members.${k}.`;
}

/** A seed of member k derived from the ensemble's; kept within TrainConfig's seed range. */
export function memberSeed(seed: number, k: number): number {
  return mixSeed(seed, k) & 0x7fffffff;
}

/** Member k's view of the context: the base family alone, with its own seed. */
function memberContext(ctx: FamilyContext, k: number): FamilyContext {
  return { ...ctx, config: { ...ctx.config, members: 1, seed: memberSeed(ctx.config.seed, k) } };
}

const prefixed = <T extends { name: string }>(items: readonly T[], k: number): T[] =>
  items.map((item) => ({ ...item, name: memberPrefix(k) + item.name }));

/** Member k's tensors with the prefix taken off (order kept). */
function memberTensors(tensors: readonly NamedTensor[], k: number): NamedTensor[] {
  const prefix = memberPrefix(k);
  return tensors
    .filter((t) => t.name.startsWith(prefix))
    .map((t) => ({ ...t, name: t.name.slice(prefix.length) }));
}

const range = (n: number): number[] => Array.from({ length: n }, (_, k) => k);

/**
 * Pools member predictors: draw d comes from member d mod K, that member's draw ⌊d/K⌋, so any K
 * consecutive draws cover every member (for point members, their disagreement is the spread).
 */
export function ensemblePredictor(tf: typeof TF, members: Predictor[]): Predictor {
  const K = members.length;
  const predictor: Predictor = {
    sampleLogits: (x, seed, draw) =>
      members[draw % K]!.sampleLogits(x, memberSeed(seed, draw % K), Math.floor(draw / K)),
    // The ensemble's point prediction is the mean of the members' probabilities; as logits, its
    // log: log(1/K Σ softmax zₖ) = logsumexp over members of log-softmax zₖ − log K (no underflow).
    meanLogits: (x) =>
      tf.tidy<TF.Tensor2D>(() => {
        const logProbs = tf.stack(members.map((m) => tf.logSoftmax(m.meanLogits(x))));
        return tf.logSumExp(logProbs, 0).sub(Math.log(K));
      }),
    dispose: () => members.forEach((m) => m.dispose()),
  };
  if (members.every((m) => m.sampleProbs !== undefined)) {
    predictor.sampleProbs = (x, samples, seed) =>
      tf.tidy<TF.Tensor3D>(() => {
        // Member k gives draws k, k+K, …: ⌈(samples − k) / K⌉ of them, in member-major order here.
        const counts = range(K).map((k) => Math.max(0, Math.ceil((samples - k) / K)));
        const parts = range(K)
          .filter((k) => counts[k]! > 0)
          .map((k) => members[k]!.sampleProbs!(x, counts[k]!, memberSeed(seed, k)));
        const offsets = counts.map((_, k) => counts.slice(0, k).reduce((a, b) => a + b, 0));
        const order = range(samples).map((d) => offsets[d % K]! + Math.floor(d / K));
        return tf.gather(tf.concat(parts, 0), tf.tensor1d(order, 'int32'), 0);
      });
    if (members.every((m) => m.sampleProbsPays !== undefined))
      predictor.sampleProbsPays = (rows) => members.every((m) => m.sampleProbsPays!(rows));
  }
  if (members.every((m) => m.blockSampler !== undefined)) {
    predictor.blockSampler = (x, seed) => {
      const blocks = members.map((m, k) => m.blockSampler!(x, memberSeed(seed, k)));
      return {
        probs: (s) => blocks[s % K]!.probs(Math.floor(s / K)),
        dispose: () => blocks.forEach((b) => b.dispose()),
      };
    };
  }
  return predictor;
}

/**
 * Trains every member on each batch, one after another, each with its own seed. Stacking members'
 * weights into batched ops is faster for dense layers (bench/ensemble-batching.ts: 1.6–2.3× for 5
 * MLPs), but needs each family to expose its weights stacked, and tfjs has no grouped convolution
 * for a CNN's later layers; the members stay separate until a family offers that.
 */
function ensembleTrainer(tf: typeof TF, members: FamilyTrainer[]): FamilyTrainer {
  const blockSize = members[0]!.blockSize;
  const blocks = blockSize !== undefined && members.every((m) => m.runBlock && m.blockSize === blockSize);
  const trainer: FamilyTrainer = {
    step: (x, y, seed) => members.forEach((m, k) => m.step(x, y, memberSeed(seed, k))),
    priorTerm: () => members.reduce((sum, m) => sum + m.priorTerm(), 0) / members.length,
    predictor: () =>
      ensemblePredictor(
        tf,
        members.map((m) => m.predictor()),
      ),
    save: () => {
      const states = members.map((m) => m.save());
      return {
        model: states.flatMap((s, k) => prefixed(s.model, k)),
        optimizer: states.flatMap((s, k) => prefixed(s.optimizer, k)),
        // Every member takes every step, so they share one step count.
        adamT: states[0]!.adamT,
      };
    },
    dispose: () => members.forEach((m) => m.dispose()),
  };
  if (blocks) {
    Object.assign(trainer, {
      blockSize,
      runBlock: (xs: TF.Tensor3D, ys: TF.Tensor3D, seeds: number[]) =>
        members.forEach((m, k) =>
          m.runBlock!(
            xs,
            ys,
            seeds.map((s) => memberSeed(s, k)),
          ),
        ),
    });
  }
  if (members.some((m) => m.finish !== undefined)) {
    trainer.finish = async (data) => {
      for (const m of members) await m.finish?.(data);
    };
  }
  return trainer;
}

/** A deep ensemble of `config.members` members of `base`. */
export function ensembleOf(base: ModelFamily): ModelFamily {
  const count = (ctx: FamilyContext) => range(ctx.config.members);
  return {
    tensorSpecs: (ctx): TensorSpec[] =>
      count(ctx).flatMap((k) => prefixed(base.tensorSpecs(memberContext(ctx, k)), k)),
    checkValues: (tensors, code) => {
      const members = new Set(tensors.map((t) => /^members\.(\d+)\./.exec(t.name)?.[1]).filter(Boolean));
      for (const k of members) base.checkValues?.(memberTensors(tensors, Number(k)), code);
    },
    validationSize: (ctx) =>
      Math.max(0, ...count(ctx).map((k) => base.validationSize?.(memberContext(ctx, k)) ?? 0)),
    openTrainer: async (tf, ctx, from?: TrainedState) => {
      const members: FamilyTrainer[] = [];
      try {
        for (const k of count(ctx)) {
          const state = from && {
            model: memberTensors(from.model, k),
            optimizer: memberTensors(from.optimizer, k),
            adamT: from.adamT,
          };
          members.push(await base.openTrainer(tf, memberContext(ctx, k), state));
        }
      } catch (error) {
        members.forEach((m) => m.dispose());
        throw error;
      }
      return ensembleTrainer(tf, members);
    },
    predictor: (tf, ctx, tensors) => {
      const members: Predictor[] = [];
      try {
        for (const k of count(ctx))
          members.push(base.predictor(tf, memberContext(ctx, k), memberTensors(tensors, k)));
      } catch (error) {
        members.forEach((m) => m.dispose());
        throw error;
      }
      return ensemblePredictor(tf, members);
    },
  };
}

// Test and bench helpers: train a family on the first examples of MNIST's training split and measure it on
// the first test digits, through the ModelFamily interface only (as the trainer will).
import type * as TF from '@tensorflow/tfjs';
import { MNIST_SHAPE } from '../../../../shared/data-shape';
import { TrainConfig, type TrainConfigInput } from '../../../../shared/training';
import { BatchSchedule, BatchSource, splitTensors, type SplitTensors } from '../../data/dataset';
import { mixSeed } from '../../bnn/rng';
import type { Dataset } from '../../datasets/dataset';
import { mnistDataset } from '../../datasets/mnist';
import type { FamilyContext, FamilyTrainer, ModelFamily } from '../family';

/** A context for `config` on MNIST with `trainSize` training examples. */
export function mnistContext(config: TrainConfigInput, trainSize: number): FamilyContext {
  return { config: TrainConfig.parse(config), shape: MNIST_SHAPE, trainSize };
}

/** Opens a trainer and runs config.steps updates on batches of the first ctx.trainSize examples. */
export async function trainOn(
  tf: typeof TF,
  family: ModelFamily,
  ctx: FamilyContext,
  dataset: Dataset = mnistDataset,
): Promise<FamilyTrainer> {
  const { batchSize, steps, seed } = ctx.config;
  const schedule = new BatchSchedule(seed, ctx.trainSize, batchSize);
  const source = new BatchSource(dataset, 'train', schedule, batchSize);
  const trainer = await family.openTrainer(tf, ctx);
  for (let t = 0; t < steps; t++) {
    const { x, y } = source.batch(tf, t);
    trainer.step(x, y, mixSeed(seed, t));
    tf.dispose([x, y]);
  }
  return trainer;
}

/** The first `count` test examples (MNIST's digits by default). */
export function testDigits(tf: typeof TF, count: number, dataset: Dataset = mnistDataset): SplitTensors {
  return splitTensors(tf, dataset, 'test', count);
}

/** Share of rows whose arg-max logit is the label. */
export function accuracy(tf: typeof TF, logits: TF.Tensor2D, labels: Uint8Array): number {
  const predicted = tf.tidy(() => tf.argMax(logits, 1).dataSync());
  return Array.from(predicted).filter((p, i) => p === labels[i]).length / labels.length;
}

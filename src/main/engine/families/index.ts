// Which family a model is: the one place that maps a TrainConfig to its ModelFamily and to the
// data context it trains and predicts in. Everything else asks familyFor(config) and never
// branches on the family.
import { MNIST_MODEL_DATASET, type ModelDataset } from '../../../shared/datasets';
import type { Family, TrainConfig } from '../../../shared/training';
import type { FamilyContext, ModelFamily } from './family';
import { ensembleOf } from './ensemble';
import { mfvi } from './mfvi';
import { pointFamily } from './point';
import { dropoutFamily } from './dropout';
import { laplaceFamily } from './laplace';

export type { FamilyContext, ModelFamily } from './family';

/** Every family, by the name a config gives it (tests swap one for a fake to watch the trainer). */
export const registry: { families: Record<Family, ModelFamily> } = {
  families: { mfvi, point: pointFamily, dropout: dropoutFamily, laplace: laplaceFamily },
};

/** The family that trains, checks and predicts with models of `config`: a deep ensemble when it has several members. */
export function familyFor(config: Pick<TrainConfig, 'family' | 'members'>): ModelFamily {
  const base = registry.families[config.family];
  return config.members > 1 ? ensembleOf(base) : base;
}

/**
 * The data a model of `config` is trained on and predicts: the shape and training-split size of its
 * dataset (what its model.json records; MNIST for models made before datasets).
 */
export function contextFor(config: TrainConfig, data: ModelDataset = MNIST_MODEL_DATASET): FamilyContext {
  return { config, shape: data.shape, trainSize: data.splits.train };
}

/**
 * Training examples a model of `config` never trains on (the last ones of the split): its
 * calibration split, which is also the validation split of a family that needs one.
 */
export function heldOutSize(config: TrainConfig, data: ModelDataset = MNIST_MODEL_DATASET): number {
  const wanted = Math.max(config.holdOut, familyFor(config).validationSize?.(contextFor(config, data)) ?? 0);
  // A small dataset keeps at least half its training split to train on.
  return Math.min(wanted, Math.floor(data.splits.train / 2));
}

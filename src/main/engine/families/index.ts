// Which family a model is: the one place that maps a TrainConfig to its ModelFamily and to the
// data context it trains and predicts in. Everything else asks familyFor(config) and never
// branches on the family.
import { CodedError } from '../../../shared/result';
import { MNIST_SHAPE } from '../../../shared/data-shape';
import type { Family, TrainConfig } from '../../../shared/training';
import { SPLIT_SIZES } from '../data/mnist';
import type { FamilyContext, ModelFamily } from './family';
import { ensembleOf } from './ensemble';
import { mfvi } from './mfvi';

export type { FamilyContext, ModelFamily } from './family';

/**
 * The registry. A family module is added as one entry of `families` (and its import); an
 * ensemble wrapper (`ensembleOf(base)`: config.members members of `base`) as `ensembleOf`.
 */
export const registry: {
  families: Partial<Record<Family, ModelFamily>>;
  ensembleOf?: (base: ModelFamily) => ModelFamily;
} = {
  families: { mfvi },
  ensembleOf,
};

/** The family that trains, checks and predicts with models of `config`. */
export function familyFor(config: Pick<TrainConfig, 'family' | 'members'>): ModelFamily {
  const base = registry.families[config.family];
  if (!base) throw new CodedError('bad_request', `the ${config.family} family is not available`);
  if (config.members <= 1) return base;
  if (!registry.ensembleOf) throw new CodedError('bad_request', 'ensembles are not available');
  return registry.ensembleOf(base);
}

/** The data a model of `config` is trained on and predicts: MNIST's shape and training split. */
export function contextFor(config: TrainConfig): FamilyContext {
  return { config, shape: MNIST_SHAPE, trainSize: SPLIT_SIZES.train };
}

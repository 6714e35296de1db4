// The recipe `unsure train --dataset NAME` (and the Train view) starts from for a dataset that is not
// MNIST, chosen by its shape: MNIST keeps its presets (presets.ts).
import type { DatasetManifest } from '../../../shared/datasets';
import { calibrationSize, type TrainConfigInput } from '../../../shared/training';

/** The preset name a dataset's recommended recipe is recorded under. */
export const RECOMMENDED_PRESET = 'recommended';

/**
 * A point CNN with a last-layer Laplace fitted at the end: the families table (README) shows it as
 * accurate as the point CNN, with calibrated probabilities and no sampling cost in training, so it is
 * the cheapest recipe that trains well and says what it does not know. The reference CNN (conv 32,64,
 * dense 128) for inputs of 28×28 and less; a third block for larger pictures (up to 64×64), so the
 * dense layer stays small. No outlier exposure: the synthetic outliers are MNIST's (written letters
 * and scribbles), not what a photo dataset must refuse. About 4 epochs of the training split, at
 * most 3000 steps of 128, at least 300 (bench/dataset-recipe.ts measures it on Fashion-MNIST).
 */
export function recommendedRecipe(manifest: DatasetManifest): TrainConfigInput {
  const { shape, splits } = manifest;
  const holdOut = calibrationSize(splits.train);
  const epochSteps = Math.ceil((splits.train - holdOut) / 128);
  const steps = Math.min(3000, Math.max(300, 4 * epochSteps));
  const large = Math.max(shape.height, shape.width) > 28;
  return {
    preset: RECOMMENDED_PRESET,
    dataset: manifest.name,
    family: 'laplace',
    laplace: 'kron',
    arch: 'cnn',
    conv: large ? [32, 64, 64] : [32, 64],
    hidden: [128],
    weightDecay: 5e-4,
    learningRate: 1e-3,
    lrSchedule: 'cosine',
    batchSize: 128,
    steps,
    // Metrics on 2000 training and all test examples with 4 draws: the CNN's evaluations stay a
    // small part of the run (a point network's draws are all the same until Laplace's fit).
    trainEvalSize: 2000,
    evalSamples: 4,
    logEvery: Math.min(1000, steps),
    checkpointEvery: Math.min(1000, steps),
    outlierFraction: 0,
    holdOut,
  };
}

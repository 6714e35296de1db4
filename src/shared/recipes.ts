// The recipe `unsure train --dataset NAME` (and the Train view) starts from for a dataset that is not
// MNIST, chosen by its shape: MNIST keeps its presets (presets.ts).
// Shared: the CLI trains it, and the Train form fills itself with it when such a dataset is picked.
import { MNIST_SHAPE } from './data-shape';
import { outlierPoolFor, type DatasetManifest } from './datasets';
import { calibrationSize, type TrainConfigInput } from './training';

/** The preset name a dataset's recommended recipe is recorded under. */
export const RECOMMENDED_PRESET = 'recommended';

/**
 * Steps of 128 at 28×28 that train within 5 minutes here with the evaluations and Laplace's fit,
 * with a margin: Fashion-MNIST's run took 226–268 s at load 1–1.7 on different days (3000 steps took
 * 282 s at load 0–1.2, and 339 s at 2–2.8 beside another training; bench/dataset-recipe.ts). Larger pictures get
 * proportionally fewer (each step costs about as many times more).
 */
export const MAX_STEPS = 2600;
/** Passes over the training split the recipe makes when MAX_STEPS allows (a small dataset). */
export const EPOCHS = 7;
/** Share of each batch that outlier exposure replaces, where the dataset has outliers. */
export const STROKE_OUTLIERS = 0.125;
const BATCH = 128;
/** Pixels of the pictures MAX_STEPS was measured on (28×28); the reference CNN is sized for them. */
const REFERENCE_AREA = MNIST_SHAPE.height * MNIST_SHAPE.width;

/**
 * A point CNN with a last-layer Laplace fitted at the end: the families table (README) shows it as
 * accurate as the point CNN, with calibrated probabilities and no sampling cost in training, so it is
 * the cheapest recipe that trains well and says what it does not know. The reference CNN (conv 32,64,
 * dense 128) for inputs of 28×28 and less; a third block for larger pictures (up to 64×64), so the
 * dense layer stays small. Outlier exposure with written strokes (an eighth of each batch) where
 * src/main/engine/outliers has them for the dataset — things at 28×28 grey: it teaches the network that strokes
 * (a digit, a letter, a scribble) are none of its classes; none elsewhere. About EPOCHS epochs of
 * the training split, at most MAX_STEPS steps of 128 at 28×28 (5 minutes here), at least 300.
 */
export function recommendedRecipe(manifest: DatasetManifest): TrainConfigInput {
  const { shape, splits } = manifest;
  const holdOut = calibrationSize(splits.train);
  const epochSteps = Math.ceil((splits.train - holdOut) / BATCH);
  const area = shape.height * shape.width;
  const affordable = Math.floor((MAX_STEPS * REFERENCE_AREA) / Math.max(REFERENCE_AREA, area));
  const steps = Math.max(300, Math.min(affordable, EPOCHS * epochSteps));
  const large = shape.height > MNIST_SHAPE.height || shape.width > MNIST_SHAPE.width;
  return {
    preset: RECOMMENDED_PRESET,
    dataset: manifest.name,
    family: 'laplace',
    laplace: 'kron',
    arch: 'cnn',
    conv: large ? [32, 64, 64] : [32, 64],
    hidden: [128],
    // Validation accuracy at 2600 steps (bench/dataset-recipe.ts --tune): 2e-3 91.42%, 5e-4 92.26–92.36%,
    // 1e-4 92.64%, 3e-5 92.72% — a short run is not long enough to overfit.
    weightDecay: 3e-5,
    // Validation accuracy at 3000 steps (bench/dataset-recipe.ts --tune): 1e-3 91.98%, 2e-3 92.58%, 3e-3 92.42%.
    learningRate: 2e-3,
    lrSchedule: 'cosine',
    batchSize: BATCH,
    steps,
    // Metrics on 1000 training and all test examples with one draw: each draw is a pass of the CNN
    // over the test split, and a point network's draws are all the same until Laplace's fit (with
    // 4 draws the three evaluations took as long as 300 steps). The calibration after training
    // measures the model with its full sampling.
    trainEvalSize: 1000,
    evalSamples: 1,
    logEvery: Math.min(1000, steps),
    checkpointEvery: Math.min(1000, steps),
    outlierFraction: outlierPoolFor(manifest).pool ? STROKE_OUTLIERS : 0,
    holdOut,
  };
}

/**
 * What a run that continues a finished model changes of that model's recipe (a teach run from the
 * model it corrects: `unsure train --from MODEL --teach`, the Train form's "continue the active
 * model"): a short run at a lower learning rate, so the network learns the marked pictures and keeps
 * what it knew (bench/teach.ts --continue, README "Teach it your hand").
 */
export const CONTINUE_RECIPE = { steps: 1000, learningRate: 1e-4 } as const satisfies TrainConfigInput;

/** The recipe of a run continuing a model trained with `base`. */
export function continuedRecipe(base: TrainConfigInput): TrainConfigInput {
  return { ...base, ...CONTINUE_RECIPE, teach: false };
}

// Named training recipes, one definition for the Train form and `unsure train`. `article` is the
// article's fixed recipe, `article-broken` its failing one (β = 1, initial variance ≈ 0.37), `fast`
// this engine's quick accurate recipe, `robust` the default posterior's recipe (outlier exposure);
// `cnn`, `dropout`, `laplace`, `point` and `ensemble` are one recipe per model family on the same
// network and data, so comparing their models compares the families.
import { HELD_OUT_DIGITS, TrainConfig, type TrainConfigInput } from '../../../shared/training';
import { CodedError } from '../../../shared/result';

const ARTICLE: TrainConfigInput = {
  preset: 'article',
  hidden: [64, 64],
  beta: 0.001,
  kl: 'article',
  estimator: 'weight',
  priorSigma: 1,
  initLogvar: -7,
  learningRate: 1e-3,
  batchSize: 128,
  steps: 10000,
};

// The reference CNN (conv 3×3×32 and 3×3×64, each with 2×2 max-pooling, dense 128) with `robust`'s
// outlier exposure and schedule. 6000 steps of 128 are 13 epochs: MNIST CNNs reach ≥ 99% test
// accuracy well within that. Weight decay 5·10⁻⁴ is the usual L2 for point CNNs on MNIST.
const FAMILY_BASE: TrainConfigInput = {
  arch: 'cnn',
  conv: [32, 64],
  hidden: [128],
  weightDecay: 5e-4,
  learningRate: 1e-3,
  lrSchedule: 'cosine',
  batchSize: 128,
  steps: 6000,
  logEvery: 1000,
  checkpointEvery: 1000,
  outlierFraction: 0.5,
  holdOut: HELD_OUT_DIGITS,
};

export const PRESETS = {
  article: ARTICLE,
  // ln 0.37 ≈ −0.994: the article's "~0.37" initial variance.
  'article-broken': { ...ARTICLE, preset: 'article-broken', beta: 1, initLogvar: Math.log(0.37) },
  // Wider layers, local reparameterisation (lower-variance gradients) and a cosine learning-rate
  // decay: ≥ 0.985 test accuracy within a few minutes on 2 cores.
  fast: {
    ...ARTICLE,
    preset: 'fast',
    hidden: [400, 400],
    estimator: 'local',
    learningRate: 1e-3,
    lrSchedule: 'cosine',
    steps: 9000,
    logEvery: 3000,
    checkpointEvery: 1000,
    holdOut: HELD_OUT_DIGITS,
  },
  // `fast`'s recipe on narrower layers plus outlier exposure: half of each batch is synthetic
  // non-digits (scribbles, turned, overlaid and patch-shuffled digits, letters in print fonts and
  // written with the pen) with a uniform target, so the posterior's predictive is unsure off the
  // digit manifold (src/main/engine/outliers). 256 wide rather than 128: letters AUROC higher by
  // ~0.01 (bench/ood.ts), and 10k test digits × 100 samples still take seconds.
  // The default posterior.
  robust: {
    ...ARTICLE,
    preset: 'robust',
    hidden: [256, 256],
    estimator: 'local',
    learningRate: 1e-3,
    lrSchedule: 'cosine',
    steps: 15000,
    logEvery: 2500,
    checkpointEvery: 2500,
    outlierFraction: 0.5,
    holdOut: HELD_OUT_DIGITS,
  },
  cnn: { ...FAMILY_BASE, preset: 'cnn', family: 'mfvi', estimator: 'local', kl: 'elbo', beta: 1 },
  dropout: { ...FAMILY_BASE, preset: 'dropout', family: 'dropout', dropout: 0.25 },
  laplace: { ...FAMILY_BASE, preset: 'laplace', family: 'laplace', laplace: 'kron' },
  // Three `laplace` members, each its full 6000 steps: the built-in model (calibrate/default-model.ts).
  'laplace-ensemble': {
    ...FAMILY_BASE,
    preset: 'laplace-ensemble',
    family: 'laplace',
    laplace: 'kron',
    members: 3,
  },
  point: { ...FAMILY_BASE, preset: 'point', family: 'point' },
  // Five members train five times the updates: fewer steps each keep the run within reach.
  ensemble: { ...FAMILY_BASE, preset: 'ensemble', family: 'point', members: 5, steps: 4000 },
} satisfies Record<string, TrainConfigInput>;

export type PresetName = keyof typeof PRESETS;

/** One line per preset for the Train form and `unsure train --help`: what the recipe is and when to pick it. */
export const PRESET_TEXT: Record<PresetName, string> = {
  article:
    "The article's fixed recipe: 784-64-64-10, β = 0.001, initial log-variance −7, weight sampling, 10k steps.",
  'article-broken':
    "The article's failing recipe: β = 1 and initial variance ≈ 0.37; accuracy stays near chance.",
  fast: 'Wider layers and local reparameterisation: higher accuracy in a few minutes.',
  robust:
    'Mean-field MLP with 256-256 layers trained with outlier exposure (half of each batch non-digits), so it says "I\'m not sure" far more often on letters and scribbles; about 15k steps.',
  cnn: 'Mean-field Bayesian CNN: the reference network (conv 32,64, dense 128), every weight a bell curve, trained on the full ELBO with outlier exposure; 6k steps.',
  dropout:
    'MC-dropout CNN: the same network trained as an ordinary one with dropout 0.25, which stays on when it predicts; 6k steps.',
  laplace:
    'Last-layer Laplace on a CNN: the same network trained as an ordinary one, then a Kronecker-factored bell curve fitted over its last layer; 6k steps.',
  'laplace-ensemble':
    "The built-in model's recipe. Deep ensemble of 3 last-layer Laplace CNNs, each started from its own seed: the most digits read right; 6k steps each, about 35 minutes.",
  point:
    'Point CNN: the same network with one value per weight, the baseline that shows what the Bayesian part buys; 6k steps.',
  ensemble:
    'Deep ensemble of 5 point CNNs, each started from its own seed; their disagreement is the uncertainty; 4k steps each.',
};
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** A full config from a preset name plus overrides (overrides win); unknown names are refused. */
export function presetConfig(name: string, overrides: TrainConfigInput = {}): TrainConfig {
  if (!(name in PRESETS)) {
    throw new CodedError('config_invalid', `unknown preset '${name}' (known: ${PRESET_NAMES.join(', ')})`);
  }
  return TrainConfig.parse({ ...PRESETS[name as PresetName], ...overrides });
}

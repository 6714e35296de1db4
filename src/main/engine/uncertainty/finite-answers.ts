// A posterior whose every value is finite can still answer NaN (a bias of 3e38 overflows the next
// layer). Such a model is refused where it would enter use — import and activation — by running it
// on a few MNIST test digits, and any summary that holds an answer that is not a number is refused.
import { inputSize } from '../../../shared/data-shape';
import { BUILTIN_DATASET } from '../../../shared/datasets';
import { modelDataset } from '../../../shared/model';
import { CodedError } from '../../../shared/result';
import { countNonFinite, type PredictiveSummary } from '../../../shared/uncertainty/scores';
import { loadBackend } from '../backend';
import { loadMnistRaw } from '../data/mnist';
import { summarisePosterior, type PosteriorModel } from '../verdicts';

/** Test digits and posterior samples of the probe: enough to meet an overflow, quick on any backend. */
const PROBE_DIGITS = 32;
const PROBE_SAMPLES = 4;

/** Throws CodedError('non_finite_output') when any answer of `summary` (over `what`) is not a number. */
export function assertFiniteSummary(summary: PredictiveSummary, what: string): void {
  const bad = countNonFinite(summary);
  if (bad > 0) {
    throw new CodedError(
      'non_finite_output',
      `the model's answers are not numbers for ${bad} of ${summary.count} ${what} (its weights overflow), so it cannot be used`,
    );
  }
}

/**
 * Runs the posterior on the first MNIST test digits (a model of another dataset, which may be gone:
 * on pictures of its shape, blank to full in steps) and throws unless every answer is a number.
 */
export async function assertFiniteAnswers(model: PosteriorModel): Promise<void> {
  const { tf } = await loadBackend();
  const { shape, name } = modelDataset(model.meta);
  const size = inputSize(shape);
  if (name !== BUILTIN_DATASET) {
    const inputs = Float32Array.from(
      { length: PROBE_DIGITS * size },
      (_, i) => Math.floor(i / size) / PROBE_DIGITS,
    );
    assertFiniteSummary(await summarisePosterior(tf, model, inputs, PROBE_SAMPLES), 'probe pictures');
    return;
  }
  const pixels = loadMnistRaw('test').pixels.subarray(0, PROBE_DIGITS * size);
  const inputs = Float32Array.from(pixels, (v) => v / 255);
  assertFiniteSummary(await summarisePosterior(tf, model, inputs, PROBE_SAMPLES), 'MNIST test digits');
}

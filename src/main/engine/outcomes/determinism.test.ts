import type * as TF from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBackend } from '../backend';
import { loadMnistPixels } from '../data/mnist';
import { loadOodSets } from '../ood/sets';
import { SCALE } from '../families/laplace/tensors';
import { defaultModelDir, loadModel, type LoadedModel } from '../store';
import { judgeRow, summarisePosterior, type RowJudgement } from '../verdicts';
import type { OutcomeCalibration } from './rule';

const PIXELS = 784;
const SAMPLES = 20;
const NON_DIGITS = 300;
const DIGITS = 1000;
/** Near the shipped default model's own quantile (q̂ ≈ 0.6 at 99%) with a lower aleatoric limit, so all three outcomes occur. */
const CAL: OutcomeCalibration = {
  coverage: 0.99,
  quantile: 0.6,
  part: 'aleatoric',
  limit: 1.2,
  ambiguous: { from: 0.2, size: 4 },
};

/**
 * The built-in last-layer Laplace's spread widened this much: its validation split chose a
 * posterior close to the MAP (samples differ by less than float32 rounding of the scores), too
 * narrow for noise that depended on the batch to show.
 */
const WIDER = 30;

let tf: typeof TF;
let model: LoadedModel;
beforeAll(async () => {
  ({ tf } = await loadBackend());
  const builtIn = await loadModel(defaultModelDir()!);
  const posterior = builtIn.posterior.map((t) =>
    t.name === SCALE || t.name.endsWith(`.${SCALE}`) ? { ...t, data: t.data.map((v) => v * WIDER) } : t,
  );
  expect(posterior).not.toEqual(builtIn.posterior);
  model = { ...builtIn, posterior };
});

async function judged(rows: Float32Array): Promise<RowJudgement[]> {
  const summary = await summarisePosterior(tf, model, rows, SAMPLES);
  return Array.from({ length: summary.count }, (_, i) => judgeRow(summary, i, true, CAL));
}

/**
 * Equal answers: the same prediction, outcome, set and votes; scores equal up to float32 rounding
 * (matrix kernels sum in an order that depends on the batch's shape: a few units in the last place).
 * Noise that depended on the batch would move them by the posterior's spread (≥ 1e-3).
 */
function expectSame(a: RowJudgement, b: RowJudgement): void {
  expect([a.prediction, a.outcome, a.set, a.votes]).toEqual([b.prediction, b.outcome, b.set, b.votes]);
  const numbers = (j: RowJudgement): number[] => [
    j.aleatoric,
    j.epistemic,
    ...(Object.values(j.scores) as number[]),
    ...j.probabilities,
  ];
  const other = numbers(b);
  numbers(a).forEach((value, i) => expect(Math.abs(value - other[i]!)).toBeLessThan(1e-5));
}

describe('a verdict is a function of model, picture and sample count', () => {
  it('gives 300 non-digits the same answers alone, mixed into 1000 digits, and one by one', async () => {
    const sets = loadOodSets();
    if (!sets.ok) throw new Error(sets.error.message);
    const letters = sets.value.find((s) => s.id === 'letters')!.pixels.subarray(0, NON_DIGITS * PIXELS);
    const alone = await judged(letters);

    // Spread among the digits at places that are not multiples of anything in particular.
    const mixed = new Float32Array((NON_DIGITS + DIGITS) * PIXELS);
    mixed.set(loadMnistPixels('test').subarray(0, (NON_DIGITS + DIGITS) * PIXELS));
    const place = (i: number) => (i * 37 + 5) % (NON_DIGITS + DIGITS);
    const placed = new Set<number>();
    for (let i = 0; i < NON_DIGITS; i++) {
      let at = place(i);
      while (placed.has(at)) at = (at + 1) % (NON_DIGITS + DIGITS);
      placed.add(at);
      mixed.set(letters.subarray(i * PIXELS, (i + 1) * PIXELS), at * PIXELS);
    }
    const together = await judged(mixed);
    const where = [...placed];
    alone.forEach((answer, i) => expectSame(together[where[i]!]!, answer));

    for (let i = 0; i < NON_DIGITS; i++) {
      const [single] = await judged(letters.slice(i * PIXELS, (i + 1) * PIXELS));
      expectSame(single!, alone[i]!);
    }
    // Not vacuous: the answers vary, and every outcome occurs among the 1300.
    expect(new Set(together.map((j) => j.outcome))).toEqual(new Set(['accept', 'ambiguous', 'not_a_digit']));
    expect(Math.max(...alone.map((j) => j.epistemic))).toBeGreaterThan(1e-3);
  }, 600_000);
});

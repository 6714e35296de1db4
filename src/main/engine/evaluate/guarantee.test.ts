import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { summarizeSamples } from '../../../shared/uncertainty/scores';
import { drawGlyph, encodeGray } from '../image/test-images';
import { writeFakeModel } from '../store/fixtures';
import { loadModel } from '../store';
import { judgeImages } from '../verdicts';
import { fitGuarantee, wrongness } from './guarantee';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-guarantee-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** One posterior sample per digit: digit i puts probability p[i] on class 0, the rest on class 1. */
function summary(p: number[]) {
  const probs = new Float32Array(p.length * 10);
  p.forEach((q, i) => {
    probs[i * 10] = q;
    probs[i * 10 + 1] = 1 - q;
  });
  return summarizeSamples(probs, 1, p.length);
}

describe('fitGuarantee', () => {
  it('fits on the calibration digits and measures the same threshold on the test digits', () => {
    // Calibration: confident right answers, then less confident wrong ones (label 1, answer 0).
    const calibration = {
      summary: summary([0.99, 0.98, 0.97, 0.9, 0.8, 0.7, 0.6]),
      labels: [0, 0, 0, 0, 1, 1, 1],
    };
    expect(Array.from(wrongness(calibration))).toEqual([0, 0, 0, 0, 1, 1, 1]);
    const test = { summary: summary([0.99, 0.6]), labels: [0, 0] };
    const fit = fitGuarantee({ kind: 'min_kept', percent: 50 }, 'max_prob', calibration, test);
    // ⌈8·0.5⌉ = 4: the fourth most confident calibration digit (1 − 0.9) is the threshold.
    expect(fit.threshold).toBeCloseTo(0.1, 6);
    expect(fit.calibration).toMatchObject({ count: 7, kept: 4 / 7, acceptedWrong: 0 });
    expect(fit.test).toMatchObject({ count: 2, kept: 0.5, acceptedWrong: 0, errorAmongKept: 0 });
  });
});

describe('a verdict judged by a given threshold', () => {
  it('uses that threshold instead of the model’s calibrated one', async () => {
    const model = await loadModel(await writeFakeModel(root, { id: 'fake' }));
    const png = await encodeGray(drawGlyph(40, 40), 40, 40, 'png');
    const judge = async (threshold?: number) => {
      const [v] = await judgeImages(model, [{ name: 'a.png', input: png }], {
        samples: 4,
        score: 'entropy',
        ...(threshold === undefined ? {} : { threshold }),
      });
      return v?.ok ? { verdict: v.verdict, threshold: v.threshold, reason: v.outcomeReason } : null;
    };
    // Past the given threshold the picture is "not a digit"; under it, that gate (and the model's own
    // limit, which the guarantee replaces) says nothing, so the conformal set decides.
    expect(await judge(-1)).toEqual({ verdict: 'reject', threshold: -1, reason: 'unlike_digits' });
    const under = await judge(10);
    expect(under?.threshold).toBe(10);
    expect(under?.reason).not.toBe('unlike_digits');
  }, 60_000);
});

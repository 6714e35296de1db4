import { describe, expect, it } from 'vitest';
import { decideOutcome, type OutcomeCalibration, type OutcomeInput } from './rule';

const CAL: OutcomeCalibration = {
  coverage: 0.99,
  quantile: 0.6,
  part: 'aleatoric',
  limit: 1.2,
  ambiguous: { from: 0.35, size: 2 },
};
const probs = (top: Record<number, number>) =>
  Array.from({ length: 10 }, (_, k) => top[k] ?? (1 - Object.values(top).reduce((a, b) => a + b, 0)) / 8);
const input = (o: Partial<OutcomeInput>): OutcomeInput => ({
  written: true,
  probs: probs({ 4: 0.95 }),
  aleatoric: 0.2,
  epistemic: 0.05,
  ...o,
});

describe('the outcome rule', () => {
  it('accepts a set of one digit', () => {
    expect(decideOutcome(input({}), CAL)).toEqual({ outcome: 'accept', reason: 'one_digit', set: [4] });
  });

  it('calls a set of several digits ambiguous, most probable first', () => {
    const decision = decideOutcome(input({ probs: probs({ 4: 0.45, 9: 0.5 }), aleatoric: 0.8 }), CAL);
    expect(decision).toEqual({ outcome: 'ambiguous', reason: 'few_digits', set: [9, 4] });
  });

  it('says not a digit when the part is beyond its limit, even for a confident one-digit set', () => {
    expect(decideOutcome(input({ aleatoric: 1.5 }), CAL)).toMatchObject({
      outcome: 'not_a_digit',
      reason: 'unlike_digits',
    });
    const epistemic = { ...CAL, part: 'epistemic' as const, limit: 0.1 };
    expect(decideOutcome(input({ epistemic: 0.2 }), epistemic)).toMatchObject({ outcome: 'not_a_digit' });
    expect(decideOutcome(input({ aleatoric: 1.5 }), epistemic).outcome).toBe('accept');
  });

  it('says not a digit when the score the user judges by is past its threshold', () => {
    expect(decideOutcome(input({ beyondThreshold: true }), CAL)).toMatchObject({
      outcome: 'not_a_digit',
      reason: 'unlike_digits',
    });
    expect(decideOutcome(input({ beyondThreshold: false }), CAL).outcome).toBe('accept');
  });

  it('accepts at the limit exactly, and not beyond it', () => {
    expect(decideOutcome(input({ aleatoric: 1.2 }), CAL).outcome).toBe('accept');
    expect(decideOutcome(input({ aleatoric: 1.2000001 }), CAL).outcome).toBe('not_a_digit');
  });

  it('says not a digit when no digit is plausible', () => {
    const flat = decideOutcome(input({ probs: probs({ 1: 0.3, 7: 0.3 }) }), CAL);
    expect(flat).toEqual({ outcome: 'not_a_digit', reason: 'no_digit_likely', set: [] });
  });

  it('says not a digit for a picture with nothing written, whatever the network says', () => {
    expect(decideOutcome(input({ written: false }), CAL)).toMatchObject({
      outcome: 'not_a_digit',
      reason: 'nothing_written',
    });
  });

  it('never accepts an answer that is not a number', () => {
    for (const bad of [
      { aleatoric: Number.NaN },
      { epistemic: Number.NaN },
      { probs: probs({ 4: Number.NaN }) },
      { aleatoric: Infinity },
    ]) {
      expect(decideOutcome(input(bad), CAL)).toMatchObject({ outcome: 'not_a_digit', reason: 'no_answer' });
    }
    // A calibration whose limit or quantile is not a number accepts nothing.
    expect(decideOutcome(input({}), { ...CAL, limit: Number.NaN }).outcome).toBe('not_a_digit');
    expect(decideOutcome(input({}), { ...CAL, quantile: Number.NaN }).outcome).toBe('not_a_digit');
  });
});

describe('the ambiguous group', () => {
  it("gives an ambiguous digit its group's set: its most probable digits, never fewer than the overall set", () => {
    const wide = { ...CAL, ambiguous: { from: 0.35, size: 3 } };
    const decision = decideOutcome(input({ probs: probs({ 4: 0.45, 9: 0.5, 7: 0.01 }) }), wide);
    expect(decision.outcome).toBe('ambiguous');
    expect(decision.set[0]).toBe(9);
    expect(decision.set).toHaveLength(3);
    expect(decision.set.slice(0, 2)).toEqual([9, 4]);
  });

  it('calls a digit ambiguous when its runner-up reaches the group, even with a one-digit overall set', () => {
    const hesitant = input({ probs: probs({ 4: 0.61, 9: 0.36 }) });
    expect(decideOutcome(hesitant, { ...CAL, ambiguous: { from: 0.5, size: 2 } }).outcome).toBe('accept');
    const group = { ...CAL, ambiguous: { from: 0.3, size: 2 } };
    expect(decideOutcome(hesitant, group)).toEqual({
      outcome: 'ambiguous',
      reason: 'few_digits',
      set: [4, 9],
    });
  });

  it('says several digits before anything else is judged', () => {
    expect(decideOutcome(input({ several: true }), CAL)).toEqual({
      outcome: 'not_a_digit',
      reason: 'several_digits',
      set: [],
    });
    expect(decideOutcome(input({ several: true, written: false }), CAL).reason).toBe('nothing_written');
  });
});

import { describe, expect, it } from 'vitest';
import { outcomeLine } from './outcomes';

describe('a verdict in the Check card words', () => {
  it('names each outcome, its set and why', () => {
    const base = { set: [8], prediction: 8 } as const;
    expect(outcomeLine({ ...base, outcome: 'accept', outcomeReason: 'one_digit' })).toBe(
      'ACCEPT: it is an 8',
    );
    expect(
      outcomeLine({ outcome: 'ambiguous', outcomeReason: 'few_digits', set: [4, 9], prediction: 4 }),
    ).toBe('Ambiguous: a 4 or a 9');
    expect(outcomeLine({ ...base, outcome: 'not_a_digit', outcomeReason: 'nothing_written' })).toBe(
      'Not a digit: nothing written found',
    );
    expect(outcomeLine({ ...base, outcome: 'not_a_digit', outcomeReason: 'unlike_digits' })).toBe(
      'Not a digit (best guess 8)',
    );
    expect(outcomeLine({ ...base, outcome: 'not_a_digit', outcomeReason: 'several_digits' })).toBe(
      'Several digits',
    );
  });
});

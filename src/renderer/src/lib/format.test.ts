import { describe, expect, it } from 'vitest';
import { duration, fixed, percent } from './format';

describe('display helpers', () => {
  it('never show a value that is not a number as a number', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, null, undefined]) {
      expect(percent(value)).toBe('—');
      expect(fixed(value)).toBe('—');
      expect(duration(value)).toBe('—');
    }
  });

  it('format finite values as usual', () => {
    expect(percent(0.9791)).toBe('97.91%');
    expect(percent(0.5, 1)).toBe('50.0%');
    expect(fixed(0.12345, 3)).toBe('0.123');
    expect(duration(185)).toBe('3 min 05 s');
  });
});

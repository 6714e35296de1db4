import { describe, expect, it } from 'vitest';
import { withArticle } from './article';

describe('withArticle', () => {
  it('says "an" before the numbers read with a leading vowel', () => {
    for (const n of [8, 11, 18, 80, 85, 800, 8000, 11_000, 18_500]) expect(withArticle(n)).toBe(`an ${n}`);
  });

  it('says "a" before every other number', () => {
    for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 12, 19, 110, 180, 1100, 1800, 111_000])
      expect(withArticle(n)).toBe(`a ${n}`);
  });
});

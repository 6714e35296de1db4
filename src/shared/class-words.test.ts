import { describe, expect, it } from 'vitest';
import { MNIST_MANIFEST } from './datasets';
import { classText, outcomeHeadline, setText, votesText } from './outcomes';

const FASHION = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'sneaker',
  'Bag',
  'ankle boot',
];

describe('verdict words for the classes of any dataset', () => {
  it('keeps MNIST digits as numbers read aloud, with or without its class names', () => {
    for (const names of [undefined, MNIST_MANIFEST.classNames]) {
      expect(outcomeHeadline('accept', [4], names)).toBe('it is a 4');
      expect(outcomeHeadline('accept', [8], names)).toBe('it is an 8');
      expect(outcomeHeadline('ambiguous', [4, 9], names)).toBe('a 4 or a 9: it cannot tell which');
      expect(outcomeHeadline('not_a_digit', [], names)).toBe('not a digit');
      expect(setText([], names)).toBe('no digit');
    }
  });

  it('says the class name with its article for a named class', () => {
    expect(outcomeHeadline('accept', [7], FASHION)).toBe('it is a sneaker');
    expect(classText(9, FASHION)).toBe('an ankle boot');
    expect(setText([5, 7, 9], FASHION)).toBe('a Sandal, a sneaker or an ankle boot');
    expect(outcomeHeadline('not_a_digit', [], FASHION)).toBe('none of its classes');
  });

  it('names the classes the samples vote for', () => {
    const votes = [0, 0, 0, 0, 0, 22, 0, 71, 0, 7];
    expect(votesText(votes, 100, 2, FASHION)).toBe('71 of 100 samples say sneaker, 22 say Sandal');
    expect(votesText(votes, 100, 2)).toBe('71 of 100 samples say 7, 22 say 5');
  });
});

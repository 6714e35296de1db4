import { describe, expect, it } from 'vitest';
import { pairCut, segmentDigits, twoDigitCut } from './segment';

const [W, H] = [200, 100];

/** A synthetic ink mask: strokes drawn as filled rectangles [left, top, right, bottom] (inclusive). */
function mask(...rects: [number, number, number, number][]): Uint8Array {
  const out = new Uint8Array(W * H);
  for (const [l, t, r, b] of rects)
    for (let y = t; y <= b; y++) for (let x = l; x <= r; x++) out[y * W + x] = 1;
  return out;
}

/** A ring ("0") 36 wide and 60 tall, 5 px thick, with its left edge at `x`. */
function zero(x: number): [number, number, number, number][] {
  return [
    [x, 20, x + 35, 24],
    [x, 75, x + 35, 79],
    [x, 20, x + 4, 79],
    [x + 31, 20, x + 35, 79],
  ];
}

const boxes = (m: Uint8Array) => segmentDigits(m, W, H).map((s) => s.box);

describe('segmentDigits', () => {
  it('finds two separate digits, left to right', () => {
    const found = boxes(mask(...zero(110), [40, 20, 45, 79]));
    expect(found).toEqual([
      { left: 40, top: 20, width: 6, height: 60 },
      { left: 110, top: 20, width: 36, height: 60 },
    ]);
  });

  it('keeps one digit as one', () => {
    expect(boxes(mask(...zero(80)))).toEqual([{ left: 80, top: 20, width: 36, height: 60 }]);
    expect(boxes(mask([97, 20, 102, 79]))).toHaveLength(1);
  });

  it('joins a 5 whose flag is broken off its body', () => {
    // The flag (top bar) 6 px above a body of a vertical stroke, a middle bar and a bowl.
    const five = mask(
      [60, 20, 95, 24],
      [60, 31, 64, 50],
      [60, 46, 95, 50],
      [91, 46, 95, 79],
      [60, 75, 95, 79],
    );
    expect(boxes(five)).toEqual([{ left: 60, top: 20, width: 36, height: 60 }]);
  });

  it('joins a 4 written with a gap between its strokes', () => {
    // The open left stroke and bar, then the vertical stroke 4 px away from the bar's end.
    const four = mask([60, 20, 64, 60], [60, 56, 90, 60], [85, 20, 89, 52], [85, 64, 89, 79]);
    expect(boxes(four)).toEqual([{ left: 60, top: 20, width: 31, height: 60 }]);
  });

  it('splits two touching 0s at the column where they touch', () => {
    // Two 0s joined by a short stroke of ink between x = 86 and 89.
    const touching = mask(...zero(50), [86, 48, 89, 52], ...zero(90));
    const segments = segmentDigits(touching, W, H);
    expect(segments.map((s) => s.box)).toEqual([
      { left: 50, top: 20, width: 39, height: 60 },
      { left: 89, top: 20, width: 37, height: 60 },
    ]);
    // Each digit's own ink is its side of the cut: together, all the ink, once.
    const inks = segments.map((s) => s.mask.reduce((a, v) => a + v, 0));
    expect(inks[0]! + inks[1]!).toBe(touching.reduce((a, v) => a + v, 0));
  });

  it('keeps a 1 standing over the tail of the digit beside it apart from that digit', () => {
    // A 1 (60 tall) above the foot of a tall stroke to its right (70 tall): their columns overlap, but
    // each stands nearly as tall as both together, side by side rather than one above the other.
    const found = boxes(mask([56, 20, 59, 79], [62, 20, 66, 89], [40, 85, 66, 89]));
    expect(found).toHaveLength(2);
    expect(found).toContainEqual({ left: 56, top: 20, width: 4, height: 60 });
    expect(found).toContainEqual({ left: 40, top: 20, width: 27, height: 70 });
  });

  it('keeps a leaning 8 (its loops side by side at different heights) as one digit', () => {
    const ring = (l: number, t: number, r: number, b: number): [number, number, number, number][] => [
      [l, t, r, t + 4],
      [l, b - 4, r, b],
      [l, t, l + 4, b],
      [r - 4, t, r, b],
    ];
    // The top loop up and to the right, the bottom one down and to the left, touching at the waist.
    const eight = mask(...ring(96, 10, 136, 46), ...ring(50, 44, 90, 80), [86, 42, 100, 48]);
    expect(boxes(eight)).toEqual([{ left: 50, top: 10, width: 87, height: 71 }]);
  });

  it('drops specks and finds nothing in an empty mask', () => {
    expect(boxes(mask(...zero(80), [10, 5, 10, 5]))).toHaveLength(1);
    expect(boxes(new Uint8Array(W * H))).toEqual([]);
  });
});

describe('twoDigitCut', () => {
  const cut = (m: Uint8Array) => twoDigitCut(m, W, H)?.map((s) => s.box) ?? null;

  it('cuts one piece as wide as two digits where it is thinnest, even when not wider than tall', () => {
    // A 0 and a 1 joined by a short stroke: 56 wide and 60 tall, too narrow for segmentDigits to cut.
    const touching = mask(...zero(50), [86, 48, 101, 52], [101, 20, 105, 79]);
    expect(boxes(touching)).toHaveLength(1);
    expect(cut(touching)).toEqual([
      { left: 50, top: 20, width: 37, height: 60 },
      { left: 87, top: 20, width: 19, height: 60 },
    ]);
  });

  it('offers no cut for a narrow digit, several pieces, or a leaning 8', () => {
    expect(cut(mask(...zero(80)))).toBeNull();
    expect(cut(mask(...zero(110), [40, 20, 45, 79]))).toBeNull();
    const ring = (l: number, t: number, r: number, b: number): [number, number, number, number][] => [
      [l, t, r, t + 4],
      [l, b - 4, r, b],
      [l, t, l + 4, b],
      [r - 4, t, r, b],
    ];
    expect(cut(mask(...ring(96, 10, 136, 46), ...ring(50, 44, 90, 80), [86, 42, 100, 48]))).toBeNull();
  });
});

describe('pairCut', () => {
  it('cuts a digit found beside others that is as wide as two touching ones, and no narrow one', () => {
    // A 1, then a 0 and a 1 joined by a short stroke: too narrow for segmentDigits to cut.
    const found = segmentDigits(
      mask([10, 20, 15, 79], ...zero(50), [86, 48, 101, 52], [101, 20, 105, 79]),
      W,
      H,
    );
    expect(found.map((s) => s.box.left)).toEqual([10, 50]);
    expect(pairCut(found[0]!, W, [found[1]!])).toBeNull();
    expect(pairCut(found[1]!, W, [found[0]!])?.map((s) => s.box)).toEqual([
      { left: 50, top: 20, width: 37, height: 60 },
      { left: 87, top: 20, width: 19, height: 60 },
    ]);
  });

  it('offers no cut for a wide digit beside digits as wide as it', () => {
    // Two wide rings (50 × 60) apart: wide enough for two touching digits, but no wider than the other.
    const ring = (l: number): [number, number, number, number][] => [
      [l, 20, l + 49, 24],
      [l, 75, l + 49, 79],
      [l, 20, l + 4, 79],
      [l + 45, 20, l + 49, 79],
    ];
    const found = segmentDigits(mask(...ring(20), ...ring(110)), W, H);
    expect(found).toHaveLength(2);
    expect(pairCut(found[0]!, W, [found[1]!])).toBeNull();
    // Alone, the same ring may be two touching digits.
    expect(pairCut(found[0]!, W, [])).not.toBeNull();
  });
});

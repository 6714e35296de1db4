import { describe, expect, it } from 'vitest';
import { mnistDataset } from '../datasets/mnist';
import { TrainConfig } from '../../../shared/training';
import { MNIST_MANIFEST } from '../../../shared/datasets';
import { BatchSchedule, BatchSource } from '../data/dataset';
import { loadBackend } from '../backend';
import { PIXELS, footHook, frame, mirror, rotateQuarter } from './draw';
import { JITTERED_DIGITS, makeOutlierPool, outlierFill, outlierRows } from '.';
import { filledRegion } from './filled';
import { HOOKED_ONES, hookedOne, shuffledPatches } from './pool';
import { loadMnistPixels, loadMnistRaw } from '../data/mnist';
import { DIGIT_TWINS, TRAIN_LETTERS, loadTrainLetters } from './letters';
import { PEN_LETTERS, penLetter } from './pen-letters';
import { Rng } from '../bnn/rng';

function tinyDigits(): { pixels: Float32Array; labels: Uint8Array } {
  const pixels = new Float32Array(20 * PIXELS);
  // A 3-pixel-wide vertical bar per image (MNIST strokes are that wide), its column set by the index.
  for (let k = 0; k < 20; k++)
    for (let y = 6; y < 22; y++)
      for (let w = 0; w < 3; w++) pixels[k * PIXELS + y * 28 + 8 + (k % 10) + w] = 1;
  return { pixels, labels: Uint8Array.from({ length: 20 }, (_, k) => k % 10) };
}

describe('outlier pool', () => {
  it('is a pure function of the seed, with ink in every image', () => {
    const opts = { size: 30, digits: tinyDigits(), letters: new Float32Array(0) };
    const a = makeOutlierPool({ seed: 5, ...opts });
    expect(makeOutlierPool({ seed: 5, ...opts })).toEqual(a);
    expect(makeOutlierPool({ seed: 6, ...opts })).not.toEqual(a);
    for (let k = 0; k < 30; k++) {
      const img = a.subarray(k * PIXELS, (k + 1) * PIXELS);
      expect(img.some((v) => v > 0.5)).toBe(true);
      expect(img.every((v) => v >= 0 && v <= 1.0001)).toBe(true);
    }
  });

  it('keeps a share of the print letters exactly as rendered (crisp, not resampled)', () => {
    // One "glyph": a box outline framed as the preprocessing renders it (no digit turns into it).
    const box = new Float32Array(PIXELS);
    for (let i = 6; i < 22; i++) for (const j of [6, 21]) box[i * 28 + j] = box[j * 28 + i] = 1;
    const pool = makeOutlierPool({ seed: 2, size: 400, digits: tinyDigits(), letters: box });
    const crisp = [...Array(400).keys()].filter((k) =>
      pool.subarray(k * PIXELS, (k + 1) * PIXELS).every((v, i) => v === box[i]),
    );
    // Letters are half the pool, print letters half of those, crisp ones 30% of those: ~30 of 400.
    expect(crisp.length).toBeGreaterThan(12);
    expect(crisp.length).toBeLessThan(60);
  });

  it("shuffles a digit's patches: the same ink, moved", () => {
    const digit = tinyDigits().pixels.subarray(0, PIXELS);
    const out = shuffledPatches(digit, new Rng(1));
    expect(out).not.toEqual(digit);
    expect([...out].sort()).toEqual([...digit].sort());
    expect(shuffledPatches(digit, new Rng(1))).toEqual(out);
  });

  it('turns and mirrors exactly', () => {
    const img = new Float32Array(PIXELS);
    img[0] = 1; // top-left
    expect(rotateQuarter(img, 1)[27]).toBe(1); // top-right after a clockwise quarter turn
    expect(rotateQuarter(rotateQuarter(img, 1), 3)).toEqual(img);
    expect(mirror(img)[27]).toBe(1);
  });

  it('frames ink into the central box with its centre of mass near the centre', () => {
    const img = new Float32Array(PIXELS);
    for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) img[y * 28 + x] = 1;
    const out = frame(img);
    let mass = 0;
    let mx = 0;
    out.forEach((v, i) => {
      mass += v;
      mx += v * (i % 28);
    });
    expect(Math.abs(mx / mass - 13.5)).toBeLessThan(1);
    expect(mass).toBeGreaterThan(200); // 4×4 blown up to about 20×20
  });
});

describe('training letters', () => {
  it('leave out the letters written as digits and ship as rendered images', () => {
    expect([...TRAIN_LETTERS].filter((c) => DIGIT_TWINS.includes(c))).toEqual([]);
    const letters = loadTrainLetters();
    expect(letters.length % PIXELS).toBe(0);
    expect(letters.length / PIXELS).toBeGreaterThanOrEqual(TRAIN_LETTERS.length * 10);
  });
});

describe('pen letters', () => {
  it('have a skeleton for every training letter and none for another', () => {
    expect(Object.keys(PEN_LETTERS).sort()).toEqual([...TRAIN_LETTERS].sort());
  });

  it('are drawn deterministically from the generator, framed, with ink within [0, 1]', () => {
    const a = penLetter(new Rng(9), 'A');
    expect(penLetter(new Rng(9), 'A')).toEqual(a);
    expect(penLetter(new Rng(10), 'A')).not.toEqual(a);
    for (const ch of TRAIN_LETTERS) {
      const img = penLetter(new Rng(ch.charCodeAt(0)), ch);
      expect(img.some((v) => v > 0.5)).toBe(true);
      expect(img.every((v) => v >= 0 && v <= 1.0001)).toBe(true);
      // Framed as MNIST: the ink's longer side spans about 20 pixels.
      const inked = [...img.keys()].filter((i) => img[i]! > 0.05);
      const span = (f: (i: number) => number) => Math.max(...inked.map(f)) - Math.min(...inked.map(f)) + 1;
      expect(
        Math.max(
          span((i) => i % 28),
          span((i) => Math.floor(i / 28)),
        ),
      ).toBeGreaterThanOrEqual(19);
      expect(
        Math.max(
          span((i) => i % 28),
          span((i) => Math.floor(i / 28)),
        ),
      ).toBeLessThanOrEqual(23);
    }
  });
});

describe('outlier exposure in batches', () => {
  it('replaces the last f·B rows with uniform targets, deterministically per step', async () => {
    const { tf } = await loadBackend('cpu');
    const config = TrainConfig.parse({ batchSize: 20, outlierFraction: 0.25, seed: 3 });
    expect(outlierRows(config)).toBe(5);
    const fill = outlierFill(config, MNIST_MANIFEST, 50);
    const batches = () => new BatchSource(mnistDataset, 'train', new BatchSchedule(1, 60000, 20), 20, fill);
    const { x, y } = batches().batch(tf, 7);
    const labels = y.arraySync();
    labels.slice(0, 15).forEach((row) => expect(Math.max(...row)).toBe(1));
    labels.slice(15).forEach((row) => row.forEach((p) => expect(p).toBeCloseTo(0.1, 6)));
    const again = batches().batch(tf, 7);
    expect(again.x.dataSync()).toEqual(x.dataSync());
    tf.dispose([x, y, again.x, again.y]);
    expect(outlierFill(TrainConfig.parse({}))).toBeUndefined();
  }, 30_000);

  // Regression: the outliers were all resampled and the digits never, so the network learned
  // resampling as the outlier cue and read crisp letters as digits.
  it("gives about half of the digit rows the outliers' jitter, with their labels kept", async () => {
    const { tf } = await loadBackend('cpu');
    const config = TrainConfig.parse({ batchSize: 200, outlierFraction: 0.25, seed: 4 });
    const schedule = () => new BatchSchedule(1, 60000, 200);
    const plain = new BatchSource(mnistDataset, 'train', schedule(), 200).batch(tf, 3);
    const filled = new BatchSource(
      mnistDataset,
      'train',
      schedule(),
      200,
      outlierFill(config, MNIST_MANIFEST, 50),
    ).batch(tf, 3);
    const [px, fx] = [plain.x.arraySync(), filled.x.arraySync()];
    expect(filled.y.arraySync().slice(0, 150)).toEqual(plain.y.arraySync().slice(0, 150));
    const changed = px.slice(0, 150).filter((row, r) => row.some((v, i) => Math.abs(v - fx[r]![i]!) > 1e-6));
    expect(JITTERED_DIGITS).toBe(0.5);
    expect(changed.length / 150).toBeGreaterThan(0.35);
    expect(changed.length / 150).toBeLessThan(0.65);
    // Jittered, not replaced: each changed row keeps about its ink (the same digit, framed again).
    px.slice(0, 150).forEach((row, r) => {
      const ink = (a: number[]) => a.reduce((sum, v) => sum + v, 0);
      expect(ink(fx[r]!)).toBeGreaterThan(0.6 * ink(row));
      expect(ink(fx[r]!)).toBeLessThan(2.2 * ink(row));
    });
    tf.dispose([plain.x, plain.y, filled.x, filled.y]);
  }, 30_000);
});

describe('filled regions', () => {
  it('are solid silhouettes framed as MNIST, a pure function of the generator', () => {
    const a = new Rng(3);
    const b = new Rng(3);
    for (let k = 0; k < 50; k++) {
      const img = filledRegion(a);
      expect(filledRegion(b)).toEqual(img);
      const inked = img.filter((v) => v > 0.1).length;
      // A stroke digit inks ~19% of its pixels; the narrowest region (a 20×9 bar) over 15%.
      expect(inked).toBeGreaterThan(0.15 * PIXELS);
      expect(img.every((v) => v >= 0 && v <= 1.0001)).toBe(true);
    }
  });

  it('make up a tenth of the pool', () => {
    const pool = makeOutlierPool({ seed: 4, size: 400, digits: tinyDigits(), letters: new Float32Array(0) });
    const solid = [...Array(400).keys()].filter(
      (k) => pool.subarray(k * PIXELS, (k + 1) * PIXELS).filter((v) => v > 0.1).length > 0.3 * PIXELS,
    );
    // Half the pool is letters, the other half five kinds, one of them filled: about 40 of 400.
    expect(solid.length).toBeGreaterThan(20);
    expect(solid.length).toBeLessThan(70);
  });
});

describe("a stem's foot (footHook)", () => {
  /** A 2-pixel-wide stroke from (x0, 4) to (x1, 23), and optionally a hook `reach` px left at its foot. */
  function stem(x0: number, x1: number, reach = 0): Float32Array {
    const img = new Float32Array(PIXELS);
    for (let y = 4; y <= 23; y++) {
      const x = Math.round(x0 + ((x1 - x0) * (y - 4)) / 19);
      img[y * 28 + x] = img[y * 28 + x + 1] = 1;
    }
    for (let k = 1; k <= reach; k++) img[23 * 28 + Math.round(x1) - k] = 1;
    return img;
  }

  it('is about 0 for a bare stem, upright or slanted, and the hook for a J', () => {
    expect(footHook(stem(14, 14))).toBeLessThan(1);
    // A slanted 1's foot lies left of its top: that is the stem's line, no hook.
    expect(footHook(stem(18, 10))).toBeLessThan(1);
    expect(footHook(stem(14, 14, 4))).toBeCloseTo(4.5, 0);
    expect(footHook(stem(18, 10, 4))).toBeGreaterThan(3.5);
  });

  it('is NaN for no ink, and for ink that is no narrow stem', () => {
    expect(footHook(new Float32Array(PIXELS))).toBeNaN();
    const bar = new Float32Array(PIXELS);
    for (let y = 4; y <= 23; y++) for (let x = 6; x < 20; x++) bar[y * 28 + x] = 1;
    expect(footHook(bar)).toBeNaN();
  });
});

describe('hooked ones (J written by an MNIST hand)', () => {
  it('hook a training 1 at its foot, to the left, a pure function of the generator', () => {
    const digits = {
      pixels: loadMnistPixels('train').subarray(0, 2000 * PIXELS),
      labels: loadMnistRaw('train').labels.subarray(0, 2000),
    };
    const [a, b] = [new Rng(11), new Rng(11)];
    const made = Array.from({ length: 60 }, () => hookedOne(digits, a));
    made.forEach((img) => expect(hookedOne(digits, b)).toEqual(img));
    // Their hooks reach 2–6 px left of the stem (the typefaces' J: 3–4.5 px), as far as a few of
    // MNIST's 1s curl at their foot and farther than most: the medians tell them apart.
    const ones = [...digits.labels.keys()].filter((i) => digits.labels[i] === 1).slice(0, 60);
    const plain = ones.map((i) => frame(digits.pixels.slice(i * PIXELS, (i + 1) * PIXELS)));
    const median = (images: Float32Array[]) => {
      const reach = images.map((img) => footHook(img)).filter((v) => !Number.isNaN(v));
      return reach.sort((x, y) => x - y)[Math.floor(reach.length / 2)]!;
    };
    expect(median(made)).toBeGreaterThan(3.5);
    expect(median(plain)).toBeLessThan(2);
  });

  it(`make up ${(100 * HOOKED_ONES) / 2}% of the pool`, () => {
    const pool = makeOutlierPool({ seed: 4, size: 400, digits: tinyDigits(), letters: new Float32Array(0) });
    const hooked = [...Array(400).keys()].filter(
      (k) => footHook(pool.subarray(k * PIXELS, (k + 1) * PIXELS)) >= 3,
    );
    // About 20 hooked bars among 400, beside 13 other outliers that reach as far (a pool without
    // hooked ones has those 13 only).
    expect(hooked.length).toBeGreaterThan(22);
  });
});

// The teach fill: marked digits take the first rows with their label, marked non-digits the last rows
// with the uniform target, at the expected rate, the same batch for the same (seed, step), and a batch
// without marked pictures is exactly outlier exposure's.
import { describe, expect, it } from 'vitest';
import { MNIST_SHAPE, inputSize } from '../../../shared/data-shape';
import type { BatchFill } from '../data/dataset';
import { MARKED_SHARE, markedRows, teachFill } from './fill';
import type { MarkedSet } from './store';

const PIXELS = inputSize(MNIST_SHAPE);
const CLASSES = MNIST_SHAPE.classes;
const B = 128;

/** Pictures whose every pixel is a value telling which picture it is (row i: 10 + i). */
function set(labels: (number | null)[]): MarkedSet {
  const pixels = new Uint8Array(labels.length * PIXELS);
  labels.forEach((_, i) => pixels.fill(10 + i, i * PIXELS, (i + 1) * PIXELS));
  return { ids: labels.map((_, i) => `m-${i}`), labels, pixels };
}

/** A batch of MNIST stand-ins: pixel 0.5, label 0; then `fill`. */
function batch(fill: BatchFill | undefined, step: number) {
  const x = new Float32Array(B * PIXELS).fill(0.5);
  const y = new Float32Array(B * CLASSES);
  for (let r = 0; r < B; r++) y[r * CLASSES] = 1;
  fill?.(x, y, B, step);
  return { x, y };
}

const row = (a: Float32Array, r: number, width: number) => a.subarray(r * width, (r + 1) * width);
const changed = (x: Float32Array, r: number) => row(x, r, PIXELS).some((v) => v !== 0.5);

describe('teachFill', () => {
  const labels = [7, 7, 7, 7, 7, 7, 3, null, null, null, null, null];
  const config = { seed: 5, batchSize: B };

  it('puts marked digits in the first rows with their label, non-digits in the last with the uniform target', () => {
    const fill = teachFill(config, set(labels));
    const k = markedRows(B, 7);
    expect(k).toBe(Math.round(MARKED_SHARE * B));
    const { x, y } = batch(fill, 3);
    for (let r = 0; r < k; r++) {
      const target = Array.from(row(y, r, CLASSES));
      expect(target.filter((v) => v === 1)).toHaveLength(1);
      expect([3, 7]).toContain(target.indexOf(1));
      expect(changed(x, r)).toBe(true);
    }
    for (let r = B - markedRows(B, 5); r < B; r++) {
      expect(row(y, r, CLASSES)).toEqual(new Float32Array(CLASSES).fill(1 / CLASSES));
      expect(changed(x, r)).toBe(true);
    }
    // The rows between are MNIST's, untouched.
    for (let r = k; r < B - markedRows(B, 5); r++) {
      expect(changed(x, r)).toBe(false);
      expect(y[r * CLASSES]).toBe(1);
    }
  });

  it('draws each digit at the expected rate over many steps, half of them jittered', () => {
    const fill = teachFill(config, set([1, 2]));
    const seen = new Map<number, number>();
    let crisp = 0;
    const steps = 400;
    for (let step = 0; step < steps; step++) {
      const { x, y } = batch(fill, step);
      for (let r = 0; r < markedRows(B, 2); r++) {
        const label = row(y, r, CLASSES).indexOf(1);
        seen.set(label, (seen.get(label) ?? 0) + 1);
        // An unjittered picture keeps its one value everywhere.
        if (row(x, r, PIXELS).every((v) => v === row(x, r, PIXELS)[0])) crisp++;
      }
    }
    expect(markedRows(B, 2)).toBe(2);
    for (const label of [1, 2]) expect(seen.get(label)! / (2 * steps)).toBeGreaterThan(0.4);
    expect(crisp / (2 * steps)).toBeGreaterThan(0.4);
    expect(crisp / (2 * steps)).toBeLessThan(0.6);
  });

  it('is a pure function of (seed, step)', () => {
    const a = batch(teachFill(config, set(labels)), 11);
    const b = batch(teachFill(config, set(labels)), 11);
    expect(a).toEqual(b);
    expect(batch(teachFill(config, set(labels)), 12).x).not.toEqual(a.x);
    expect(batch(teachFill({ ...config, seed: 6 }, set(labels)), 11).x).not.toEqual(a.x);
  });

  it('runs the outlier fill first and leaves it alone when nothing is marked', () => {
    const outliers: BatchFill = (x, y, rows) => {
      x.fill(0.25, (rows - 10) * PIXELS);
      y.fill(1 / CLASSES, (rows - 10) * CLASSES);
    };
    expect(teachFill(config, set([]), outliers)).toBe(outliers);
    const taught = batch(teachFill(config, set([null]), outliers), 0);
    const alone = batch(outliers, 0);
    // One non-digit row replaces the last outlier row; every other row is the outlier fill's.
    expect(taught.x.subarray(0, (B - 1) * PIXELS)).toEqual(alone.x.subarray(0, (B - 1) * PIXELS));
    expect(row(taught.x, B - 1, PIXELS).some((v) => v !== 0.25)).toBe(true);
  });

  it('always leaves a training digit in a tiny batch', () => {
    const fill = teachFill({ seed: 1, batchSize: 2 }, set([4, 4, null, null]));
    const x = new Float32Array(2 * PIXELS).fill(0.5);
    const y = new Float32Array(2 * CLASSES);
    fill?.(x, y, 2, 0);
    expect(changed(x, 0) && changed(x, 1)).toBe(false);
  });
});

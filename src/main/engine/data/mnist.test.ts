import crypto from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadMnistPixels, loadMnistRaw, mnistAvailable, mnistFiles, readImages } from './mnist';
import { BatchSchedule } from './dataset';

const md5 = (file: string) => crypto.createHash('md5').update(fs.readFileSync(file)).digest('hex');

describe('MNIST files', () => {
  it('are the canonical files (MD5)', () => {
    expect(md5(mnistFiles('train').images)).toBe('6bbc9ace898e44ae57da46a324031adb');
    expect(md5(mnistFiles('test').images)).toBe('2646ac647ad5339dbf082846283269ea');
    expect(mnistAvailable()).toBe(true);
  });

  it('load with the right counts, labels and float pixels in [0, 1]', () => {
    const test = loadMnistRaw('test');
    expect(test.count).toBe(10000);
    expect(test.labels[0]).toBe(7); // the first MNIST test digit is a 7
    const pixels = loadMnistPixels('test');
    expect(pixels.length).toBe(10000 * 784);
    let max = 0;
    let min = 1;
    for (const v of pixels) {
      if (v > max) max = v;
      if (v < min) min = v;
    }
    expect([min, max]).toEqual([0, 1]);
    expect(loadMnistPixels('test')).toBe(pixels); // kept once, not rebuilt
  });

  it('reads image ranges for the browser, clamped to the split', () => {
    const { pixels, labels } = readImages('test', 9998, 5);
    expect(labels.length).toBe(2);
    expect(pixels.length).toBe(2 * 784);
    expect(readImages('train', 0, 3).labels).toEqual(loadMnistRaw('train').labels.slice(0, 3));
    expect(() => readImages('test', -1, 2)).toThrow(/invalid image range/);
  });
});

describe('BatchSchedule', () => {
  it('is a function of (seed, step), covers an epoch without repeats and reshuffles per epoch', () => {
    const a = new BatchSchedule(3, 1000, 100);
    const b = new BatchSchedule(3, 1000, 100);
    const epoch = new Set<number>();
    for (let t = 0; t < 10; t++) a.indices(t).forEach((i) => epoch.add(i));
    expect(epoch.size).toBe(1000);
    expect(Array.from(b.indices(7))).toEqual(Array.from(new BatchSchedule(3, 1000, 100).indices(7)));
    expect(Array.from(a.indices(10))).not.toEqual(Array.from(a.indices(0)));
    expect(Array.from(new BatchSchedule(4, 1000, 100).indices(0))).not.toEqual(Array.from(b.indices(0)));
  });
});

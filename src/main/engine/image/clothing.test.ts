// Pictures that are no writing at all reach the ink finder too: Fashion-MNIST's training pictures
// (Debian's dataset-fashion-mnist, which .ci/run installs; its test split is reserved and never read).
// A light garment on black looks like a sheet of paper on a dark desk; where only the sheet's 3×3
// mean showed "ink", the crop had no pixel to hold and the picture failed as a corrupt image.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseIdxImages } from '../data/idx';
import { readWritten } from './mnist-format';

const FASHION_TRAIN = '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz';
const STRIDE = 20;

describe.skipIf(!fs.existsSync(FASHION_TRAIN))('the ink finder on clothing', () => {
  it('reads every 20th Fashion-MNIST training picture without an error', () => {
    const idx = parseIdxImages(zlib.gunzipSync(fs.readFileSync(FASHION_TRAIN)), 'fashion-mnist train images');
    const [width, height] = [idx.cols, idx.rows];
    const size = width * height;
    const failed: number[] = [];
    let nothing = 0;
    for (let i = 0; i < idx.count; i += STRIDE) {
      const data = Float32Array.from(idx.pixels.subarray(i * size, (i + 1) * size), (v) => v / 255);
      try {
        if (readWritten({ width, height, data }) === null) nothing++;
      } catch {
        failed.push(i);
      }
    }
    expect(failed).toEqual([]);
    // Most garments are read as something written (a shape for the network to refuse).
    expect(nothing).toBeLessThan(idx.count / STRIDE / 2);
  });
});

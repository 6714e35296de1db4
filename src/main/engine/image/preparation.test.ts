// The picture rule of each dataset: MNIST's ink crop for written digits, fit-and-pad for photos of
// things, with a grey dataset's light-things-on-black convention.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MNIST_MODEL_DATASET, type ModelDataset } from '../../../shared/datasets';
import { prepareImage, type PreparedImage } from './prepare';
import { pictureRule, readsNumbers } from './preparation';
import { encodeGray } from './test-images';

const FASHION: ModelDataset = {
  name: 'fashion',
  classNames: ['top', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'boot'],
  shape: { height: 28, width: 28, channels: 1, classes: 10 },
  preparation: 'fit',
  splits: { train: 60000, test: 10000 },
};
const COLOUR: ModelDataset = {
  ...FASHION,
  name: 'colour',
  shape: { height: 16, width: 16, channels: 3, classes: 10 },
};

function ok(result: Awaited<ReturnType<typeof prepareImage>>): PreparedImage {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** A `w`×`h` white picture with a dark box (a shoe, say) from column x0 to x1 and row y0 to y1. */
function darkThingOnWhite(w: number, h: number, [x0, x1, y0, y1]: number[]): Promise<Buffer> {
  const pixels = new Uint8Array(w * h).fill(250);
  for (let y = y0!; y < y1!; y++) for (let x = x0!; x < x1!; x++) pixels[y * w + x] = 30;
  return encodeGray(pixels, w, h, 'png');
}

describe('the picture rule of a dataset', () => {
  it('is the ink crop for MNIST, which alone reads numbers', () => {
    expect(pictureRule(MNIST_MODEL_DATASET)).toMatchObject({ kind: 'ink', numbers: true });
    expect(readsNumbers(pictureRule(MNIST_MODEL_DATASET))).toBe(true);
    const letters = { ...MNIST_MODEL_DATASET, classNames: ['a', 'b', 'c'] };
    expect(readsNumbers(pictureRule(letters))).toBe(false);
  });

  it('is fit-and-pad on black for a grey dataset of things, keeping colours for a colour one', () => {
    expect(pictureRule(FASHION)).toMatchObject({ kind: 'fit', ground: 'dark' });
    expect(readsNumbers(pictureRule(FASHION))).toBe(false);
    expect(pictureRule(COLOUR)).toMatchObject({ kind: 'fit', ground: 'own' });
  });
});

describe('fit-and-pad', () => {
  it('makes a dark thing photographed on white a light thing on black, the paper trimmed, aspect kept', async () => {
    // A 40×20 thing off-centre on 80×40 paper: trimmed to the thing, scaled into a 28×14 band, padded above and below.
    const image = ok(
      await prepareImage(await darkThingOnWhite(80, 40, [5, 45, 3, 23]), undefined, pictureRule(FASHION)),
    );
    expect(image.pixels).toHaveLength(28 * 28);
    expect(image.inverted).toBe(true);
    expect(image.written).toBe(true);
    expect(image.digits).toEqual([]);
    const at = (x: number, y: number) => image.pixels[y * 28 + x]!;
    // The padding and the paper are black; the thing is bright and where the picture put it.
    for (const [x, y] of [
      [0, 0],
      [27, 27],
      [14, 3],
      [14, 24],
    ])
      expect(at(x!, y!)).toBe(0);
    // As dark as the thing was (30 on paper of 250), now bright: (225/255 − 5/255) / (1 − 5/255).
    for (const x of [1, 14, 26]) expect(at(x, 14)).toBeCloseTo(220 / 250, 1);
    const seen = await sharp(image.png).metadata();
    expect([seen.width, seen.height, seen.channels]).toEqual([28, 28, 1]);
  });

  it("fits the thing whole into the frame, where the ink rule fits it in MNIST's 20×20 box", async () => {
    const picture = await darkThingOnWhite(100, 100, [40, 60, 30, 70]);
    const lit = (p: Float32Array) => p.filter((v) => v > 0.5).length;
    // 20×40 → 14×28 fitted; 10×20 in the 20×20 box with MNIST's ink.
    expect(lit(ok(await prepareImage(picture, undefined, pictureRule(FASHION))).pixels)).toBe(14 * 28);
    expect(lit(ok(await prepareImage(picture)).pixels)).toBeLessThan(14 * 22);
  });

  it('keeps a colour picture in colour at the dataset size, padded with its own background', async () => {
    const [w, h] = [40, 20];
    const rgb = Buffer.alloc(w * h * 3);
    for (let i = 0; i < w * h; i++) rgb.set(i % w >= 15 && i % w < 25 ? [220, 20, 20] : [20, 20, 200], i * 3);
    const png = await sharp(rgb, { raw: { width: w, height: h, channels: 3 } })
      .png()
      .toBuffer();
    const image = ok(await prepareImage(png, undefined, pictureRule(COLOUR)));
    expect(image.pixels).toHaveLength(16 * 16 * 3);
    expect(image.inverted).toBe(false);
    const px = (x: number, y: number) =>
      Array.from(image.pixels.subarray((y * 16 + x) * 3, (y * 16 + x) * 3 + 3));
    // The top rows are padding (a 40×20 picture fills 16×8): the blue background's colour.
    expect(px(0, 0).map((v) => Math.round(v * 255))).toEqual([20, 20, 200]);
    expect(px(8, 8)[0]).toBeGreaterThan(0.8);
    expect((await sharp(image.png).metadata()).channels).toBe(3);
  });

  it('says nothing stands out of a blank picture', async () => {
    const blank = await encodeGray(new Uint8Array(50 * 50).fill(240), 50, 50, 'png');
    const image = ok(await prepareImage(blank, undefined, pictureRule(FASHION)));
    expect(image.written).toBe(false);
    expect(Math.max(...image.pixels)).toBe(0);
  });
});

// One piece of ink as wide as two digits: a number written with touching digits must not pass as one
// digit, and a single wide digit must not be cut in two. The shape cannot tell them apart; the model
// chooses the reading it vouches for (./readings.ts).
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { numberPhoto } from './image/number-photos';
import { mnistTestImages } from './image/test-images';
import { readImages } from './read';
import { choosePiece, chooseReading, type ReadDigit } from './readings';
import { defaultModelDir, loadModel } from './store';
import { judgeImages } from './verdicts';

const accept = (aleatoric: number): ReadDigit => ({ outcome: 'accept', aleatoric });
const unsure = (aleatoric: number): ReadDigit => ({ outcome: 'not_a_digit', aleatoric });

describe('chooseReading', () => {
  it('keeps the segmentation when there is no other reading', () => {
    expect(chooseReading([unsure(2)], [])).toBe('found');
  });

  it('keeps the segmentation when the one-digit reading is refused', () => {
    expect(chooseReading([unsure(2.2)], [accept(0.3), accept(0)])).toBe('found');
    expect(chooseReading([accept(0.1), accept(0)], [unsure(2.2)])).toBe('found');
    expect(chooseReading([unsure(2.3), accept(0.1)], [unsure(1.9)])).toBe('found');
  });

  it('takes one accepted digit over two that are not all accepted', () => {
    expect(chooseReading([accept(0.4), unsure(1.7)], [accept(0.3)])).toBe('other');
    expect(chooseReading([accept(0.5)], [unsure(0.1), accept(0.1)])).toBe('found');
    expect(chooseReading([accept(0.1)], [accept(0.1), null])).toBe('found');
  });

  it('when both are accepted, takes the two digits only when the less certain is surer than the one', () => {
    expect(chooseReading([accept(1.1)], [accept(0.4), accept(0.1)])).toBe('other');
    expect(chooseReading([accept(0)], [accept(0.6), accept(0.1)])).toBe('found');
    expect(chooseReading([accept(0.5), accept(0)], [accept(0.4)])).toBe('other');
  });
});

describe('choosePiece (a wide piece beside other digits)', () => {
  it('reads two touching digits when both halves are accepted and the whole is not', () => {
    expect(choosePiece(unsure(2.3), [accept(0.1), accept(0.3)])).toBe('two');
    expect(choosePiece(null, [accept(0.1), accept(0.3)])).toBe('two');
  });

  it('keeps one digit when a half is not accepted, or the whole is accepted and surer', () => {
    expect(choosePiece(unsure(2.3), [accept(0.1), unsure(2.2)])).toBe('one');
    expect(choosePiece(unsure(2.3), [accept(0.1), null])).toBe('one');
    expect(choosePiece(unsure(2.3), [])).toBe('one');
    expect(choosePiece(accept(0.05), [accept(0.1), accept(0.3)])).toBe('one');
    expect(choosePiece(accept(0.9), [accept(0.1), accept(0.3)])).toBe('two');
  });
});

describe('one piece of ink, one digit or two, with the built-in model', () => {
  const options = { samples: 100, score: 'entropy' as const };
  const load = () => loadModel(defaultModelDir()!);

  // With the `robust` MLP (the built-in before the laplace CNN) these two pictures' one piece of ink was
  // accepted whole as a 4; judged both ways it became "several digits". The laplace built-in refuses the
  // whole piece, so the halves are no evidence (chooseReading above): what must hold for any model is that
  // a number never passes as one accepted digit, from check or read.
  it.each([18, 22])(
    'a photo of 46 written touching (seed %i) is never one accepted digit, from check or read',
    async (seed) => {
      const model = await load();
      const photo = { text: '46', paper: 'plain' as const, pen: 14, colour: '#141418', touching: true, seed };
      const images = [{ name: '46', input: await numberPhoto(photo) }];
      const [check] = await judgeImages(model, images, options);
      expect(check).toMatchObject({ ok: true, verdict: 'reject' });
      const [read] = await readImages(model, images, options);
      expect(read).toMatchObject({ ok: true });
      expect(read && read.ok && read.text).not.toMatch(/^\d$/);
    },
  );

  // The "40" of this 340 is one piece the model refuses whole (it is two digits); beside the 3 its halves
  // are read as the number's other digits are.
  it('reads a number whose last two digits touch (340, dim paper) digit by digit', async () => {
    const model = await load();
    const photo = {
      text: '340',
      paper: 'dim' as const,
      pen: 18,
      colour: '#141418',
      touching: true,
      seed: 13199,
    };
    const [read] = await readImages(model, [{ name: '340', input: await numberPhoto(photo) }], options);
    expect(read).toMatchObject({ ok: true, text: '340' });
  });

  it('a wide 0 (MNIST test #69, photographed) is one digit for check and read', async () => {
    const model = await load();
    const zero = mnistTestImages(70)[69]!;
    const input = await sharp(Buffer.from(zero.map((v) => 255 - v)), {
      raw: { width: 28, height: 28, channels: 1 },
    })
      .resize(140, 140, { kernel: 'cubic' })
      .extend({ top: 20, bottom: 20, left: 20, right: 20, background: '#ffffff' })
      .jpeg({ quality: 90 })
      .toBuffer();
    const [check] = await judgeImages(model, [{ name: '0', input }], options);
    expect(check).toMatchObject({ ok: true, verdict: 'accept', prediction: 0 });
    const [read] = await readImages(model, [{ name: '0', input }], options);
    expect(read).toMatchObject({ ok: true, text: '0' });
  });
});

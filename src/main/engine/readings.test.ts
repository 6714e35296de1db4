// One piece of ink as wide as two digits: a number written with touching digits must not pass as one
// digit, and a single wide digit must not be cut in two. The shape cannot tell them apart; the model
// chooses the reading it vouches for (./readings.ts).
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { numberPhoto } from './image/number-photos';
import { mnistTestImages } from './image/test-images';
import { readImages } from './read';
import { chooseReading, type ReadDigit } from './readings';
import { defaultModelDir, loadModel } from './store';
import { judgeImages } from './verdicts';

const accept = (aleatoric: number): ReadDigit => ({ outcome: 'accept', aleatoric });
const unsure = (aleatoric: number): ReadDigit => ({ outcome: 'not_a_digit', aleatoric });

describe('chooseReading', () => {
  it('keeps the segmentation when there is no other reading', () => {
    expect(chooseReading([unsure(2)], [])).toBe('found');
  });

  it('takes the reading whose digits are all accepted', () => {
    expect(chooseReading([unsure(2.2)], [accept(0.9), accept(0.1)])).toBe('other');
    expect(chooseReading([accept(0.4), unsure(1.7)], [accept(0.3)])).toBe('other');
    expect(chooseReading([accept(0.1)], [accept(0.1), null])).toBe('found');
    expect(chooseReading([accept(0.5)], [unsure(0.1), accept(0.1)])).toBe('found');
  });

  it('when both are accepted, takes the one whose least certain digit is surer', () => {
    expect(chooseReading([accept(1.1)], [accept(0.4), accept(0.1)])).toBe('other');
    expect(chooseReading([accept(0)], [accept(0.6), accept(0.1)])).toBe('found');
  });

  it('keeps the segmentation when the model accepts neither', () => {
    expect(chooseReading([unsure(2.3), accept(0.1)], [unsure(1.9)])).toBe('found');
  });
});

describe('one piece of ink, one digit or two, with the built-in model', () => {
  const options = { samples: 100, score: 'entropy' as const };
  const load = () => loadModel(defaultModelDir()!);

  it.each(['46', '53'])(
    'a photo of %s written touching is several digits for check and two digits for read',
    async (text) => {
      const model = await load();
      const photo = { text, paper: 'plain' as const, pen: 18, colour: '#111111', touching: true, seed: 11 };
      const images = [{ name: text, input: await numberPhoto(photo) }];
      const [check] = await judgeImages(model, images, options);
      expect(check).toMatchObject({ ok: true, verdict: 'reject', reason: 'several_digits' });
      const [read] = await readImages(model, images, options);
      expect(read).toMatchObject({ ok: true, text });
    },
  );

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

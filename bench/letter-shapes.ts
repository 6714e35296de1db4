// `npx tsx bench/letter-shapes.ts`: why no reader of digits can refuse the O and I of the evaluation
// typefaces, and why their J is close to it. Each letter (and the typeface's own 0 and 1) is
// written on paper, photographed and prepared on `unsure check`'s path, as bench/as-pictures.ts
// does; the width of its ink over its height in the 28×28 picture is set beside the same ratio for
// MNIST's test 0s and 1s. A letter as wide as most 0s, or as thin as most 1s, is that digit's
// shape: refusing it refuses those digits. A J is a 1 but for its hook: how far its foot reaches
// left of its stem (footHook) is set beside the same reach for MNIST's test 1s, many of which end
// in a small curl. No model. Figures only.
import { loadMnistPixels, loadMnistRaw } from '../src/main/engine/data/mnist';
import { prepareImages } from '../src/main/engine/image/prepare';
import { footHook, inkBox } from '../src/main/engine/outliers/draw';
import { MNIST_SHAPE } from '../src/shared/data-shape';
import { LETTER_FONTS } from '../src/tools/ood-sets/fonts';
import { paperPhoto } from '../src/tools/ood-sets/photos';
import { seededRandom } from '../src/tools/ood-sets/random';
import { renderText } from '../src/tools/ood-sets/render';

const SIDE = MNIST_SHAPE.width;
/** A pixel is ink above this (MNIST's strokes are 1 at their core, anti-aliased at their edge). */
const INK = 0.3;
const CHARACTERS = ['O', '0', 'I', '1', 'J'] as const;

/** Width over height of the ink's bounding box in a 28×28 picture. */
function aspect(pixels: ArrayLike<number>): number {
  const box = inkBox(pixels, INK);
  return box ? (box.maxX - box.minX + 1) / (box.maxY - box.minY + 1) : Number.NaN;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const share = (values: number[], keep: (v: number) => boolean) =>
  `${((100 * values.filter(keep).length) / values.length).toFixed(1)}%`;

async function main(): Promise<void> {
  const pixels = loadMnistPixels('test');
  const { labels } = loadMnistRaw('test');
  const digits: Record<number, number[]> = { 0: [], 1: [] };
  const oneHooks: number[] = [];
  labels.forEach((label, i) => {
    if (label !== 0 && label !== 1) return;
    const image = pixels.subarray(i * SIDE * SIDE, (i + 1) * SIDE * SIDE);
    digits[label]!.push(aspect(image));
    if (label === 1) oneHooks.push(footHook(image));
  });

  // J is photographed from a stream of its own, so that O, 0, I and 1 get the photos they always had.
  const [rand, randJ] = [seededRandom(26), seededRandom(27)];
  const typefaces: Record<string, number[]> = Object.fromEntries(CHARACTERS.map((c) => [c, []]));
  const jHooks: number[] = [];
  console.log(`typeface | ${CHARACTERS.join(' | ')}  (ink width / height, as prepared) | J's hook (px)`);
  for (const font of LETTER_FONTS) {
    const photos = [];
    for (const ch of CHARACTERS)
      photos.push(
        (await paperPhoto({ png: await renderText(ch, font) }, ch === 'J' ? randJ : rand, 'png')).file,
      );
    const row = (await prepareImages(photos)).map((r, k) => {
      const value = r.ok ? aspect(r.value.pixels) : Number.NaN;
      typefaces[CHARACTERS[k]!]!.push(value);
      if (CHARACTERS[k] === 'J') jHooks.push(r.ok ? footHook(r.value.pixels) : Number.NaN);
      return value.toFixed(2);
    });
    console.log(`${font.pango} | ${row.join(' | ')} | ${jHooks.at(-1)!.toFixed(1)}`);
  }
  const [o, i] = [median(typefaces.O!), median(typefaces.I!)];
  console.log(
    `\nMNIST test 0s (${digits[0]!.length}): median ${median(digits[0]!).toFixed(2)}; ` +
      `as wide as the typefaces' median O (${o.toFixed(2)}) or wider: ${share(digits[0]!, (v) => v >= o)}`,
  );
  console.log(
    `MNIST test 1s (${digits[1]!.length}): median ${median(digits[1]!).toFixed(2)}; ` +
      `as thin as the typefaces' median I (${i.toFixed(2)}) or thinner: ${share(digits[1]!, (v) => v <= i)}`,
  );
  const hooks = jHooks.filter((v) => !Number.isNaN(v));
  const [low, j] = [Math.min(...hooks), median(hooks)];
  console.log(
    `J's hook: median ${j.toFixed(1)} px (${hooks.length} typefaces with a stem); MNIST test 1s whose ` +
      `foot reaches as far: ${share(oneHooks, (v) => v >= j)}; as far as the shortest J hook (${low.toFixed(1)} px): ` +
      `${share(oneHooks, (v) => v >= low)}`,
  );
  console.log(
    `the typefaces' own 0: median ${median(typefaces['0']!).toFixed(2)}, own 1: median ${median(typefaces['1']!).toFixed(2)}`,
  );
}

void main();

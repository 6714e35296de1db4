// `npm run bench:pictures [-- MODEL_DIR]`: the refusal targets of issue #12 measured the way a user
// meets them — every picture a file judged on the same path as `unsure check` (judgeImages: decode,
// find the ink, prepare, judge), counted by outcome. bench/ood.ts measures the network on 28×28 arrays
// (its noise set never meets the ink finder, its clothing is fed as stored); here the ink finder,
// the several-digits rule and the three outcomes have their say too. Sets:
// - clothing: every 20th image of Fashion-MNIST's TRAINING split (bench/own-sets.ts; the test split
//   is reserved and never read) as the 28×28 PNG a user would drop;
// - noise: five kinds (grey uniform, Gaussian, salt and pepper, smooth, colour) at 28, 64, 200 and
//   640 px, 20 of each;
// - letters A–Z and a–z in the evaluation typefaces (src/tools/ood-sets/fonts.ts, never a training
//   font) written on paper and photographed (src/tools/ood-sets/photos.ts), JPEG and PNG.
// "refused" is the verdict reject: "not a digit" or "ambiguous" (a set of digits, never one).
// Figures only. Usage: npx tsx bench/as-pictures.ts [MODEL_DIR] [--only PREFIX] [--errors]
// (--only: the sets whose name starts so; --errors: each picture that failed, with its message)
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { DEFAULT_SAMPLES } from '../src/shared/api/limits';
import { Rng } from '../src/main/engine/bnn/rng';
import { judgeImages } from '../src/main/engine/verdicts';
import { LETTER_FONTS } from '../src/tools/ood-sets/fonts';
import { LOWER, UPPER } from '../src/tools/ood-sets/letters';
import { paperPhoto } from '../src/tools/ood-sets/photos';
import { seededRandom } from '../src/tools/ood-sets/random';
import { renderText } from '../src/tools/ood-sets/render';
import { benchModel } from './bench-model';
import { clothingSet } from './own-sets';

/** `what` names what the picture shows (a letter, a noise kind) for the tally of those accepted. */
type Picture = { name: string; what: string; input: Uint8Array };
const CHUNK = 100;
const NOISE_KINDS = ['uniform', 'gaussian', 'salt-and-pepper', 'smooth', 'colour'] as const;
const NOISE_SIDES = [28, 64, 200, 640];
const NOISE_EACH = 20;

async function clothing(): Promise<Picture[]> {
  const set = clothingSet();
  const side = Math.sqrt(set.pixels.length / set.count);
  const out: Picture[] = [];
  for (let i = 0; i < set.count; i++) {
    const bytes = Buffer.from(
      set.pixels.subarray(i * side * side, (i + 1) * side * side).map((v) => v * 255),
    );
    const png = await sharp(bytes, { raw: { width: side, height: side, channels: 1 } })
      .png()
      .toBuffer();
    out.push({ name: `clothing-${i}`, what: 'garment', input: png });
  }
  return out;
}

async function noisePicture(kind: (typeof NOISE_KINDS)[number], side: number, rng: Rng): Promise<Buffer> {
  const channels = kind === 'colour' ? 3 : 1;
  const data = Buffer.alloc(side * side * channels);
  const p = 0.05 + 0.25 * rng.next();
  for (let k = 0; k < data.length; k++) {
    if (kind === 'gaussian') data[k] = Math.max(0, Math.min(255, 128 + 64 * rng.normal()));
    else if (kind === 'salt-and-pepper') data[k] = rng.next() < p ? (rng.next() < 0.5 ? 0 : 255) : 128;
    else data[k] = rng.int(256);
  }
  let img = sharp(data, { raw: { width: side, height: side, channels } });
  if (kind === 'smooth') img = img.blur(Math.max(0.6, side / 30)).normalise();
  return img.png().toBuffer();
}

async function noise(): Promise<Picture[]> {
  const rng = new Rng(0x0015e);
  const out: Picture[] = [];
  for (const kind of NOISE_KINDS)
    for (const side of NOISE_SIDES)
      for (let i = 0; i < NOISE_EACH; i++)
        out.push({
          name: `noise-${kind}-${side}-${i}`,
          what: `${kind} ${side} px`,
          input: await noisePicture(kind, side, rng),
        });
  return out;
}

async function letters(alphabet: string, seed: number): Promise<Picture[]> {
  const rand = seededRandom(seed);
  const out: Picture[] = [];
  for (const font of LETTER_FONTS)
    for (const letter of alphabet) {
      const png = await renderText(letter, font);
      const { file } = await paperPhoto({ png }, rand, rand() < 0.5 ? 'jpeg' : 'png');
      out.push({ name: `${font.pango}-${letter}`, what: letter, input: file });
    }
  return out;
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: { only: { type: 'string' }, errors: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const { model, score } = await benchModel(positionals[0] ?? null);
  const sets: [string, () => Promise<Picture[]>][] = [
    ['clothing (Fashion-MNIST train, 28×28 PNG)', clothing],
    ['noise pictures', noise],
    ['letters A–Z photographed', () => letters(UPPER, 26)],
    ['letters a–z photographed', () => letters(LOWER, 27)],
  ];
  console.log('set | pictures | not a digit | ambiguous | accepted | refused | errors');
  for (const [label, make] of sets) {
    if (values.only && !label.startsWith(values.only)) continue;
    const pictures = await make();
    const counts = { not_a_digit: 0, ambiguous: 0, accept: 0, errors: 0 };
    const accepted = new Map<string, number>();
    for (let i = 0; i < pictures.length; i += CHUNK) {
      const chunk = pictures.slice(i, i + CHUNK);
      (await judgeImages(model, chunk, { samples: DEFAULT_SAMPLES, score })).forEach((v, k) => {
        if (!v.ok) {
          counts.errors++;
          if (values.errors) console.log(`  ${v.file}: ${v.error.code} ${v.error.message}`);
          return;
        }
        counts[v.outcome]++;
        if (v.outcome === 'accept') {
          const key = `${chunk[k]!.what} as ${v.prediction}`;
          accepted.set(key, (accepted.get(key) ?? 0) + 1);
        }
      });
    }
    const pct = (k: number) => `${((100 * k) / pictures.length).toFixed(1)}%`;
    console.log(
      `${label} | ${pictures.length} | ${pct(counts.not_a_digit)} | ${pct(counts.ambiguous)} | ` +
        `${pct(counts.accept)} | **${pct(counts.not_a_digit + counts.ambiguous)}** | ${counts.errors}`,
    );
    const read = [...accepted].sort((a, b) => b[1] - a[1]).map(([key, n]) => `${key} ×${n}`);
    if (read.length > 0) console.log(`  accepted: ${read.join(', ')}`);
  }
}

void main();

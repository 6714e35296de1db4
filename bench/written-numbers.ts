// `npm run bench:read`: numbers of 2–5 digits written on paper and photographed (plain, lined and dim
// paper, a sheet on a desk; pens of several widths and colours; every fifth with digits written
// touching), drawn by src/main/engine/image/number-photos.ts and never trained on. Reports the share
// read whole and right by `unsure read` (every digit found, accepted and right), the share whose digits
// are all predicted right whatever the verdict, and what `unsure check` answers (never an accept).
// Usage: [NUMBERS=200] [SEED=13] npx tsx bench/written-numbers.ts [MODEL_DIR] (another SEED: numbers
// the methods were never looked at with, for a held-out figure)
import { benchModel } from './bench-model';
import { readImages } from '../src/main/engine/read';
import { judgeImages } from '../src/main/engine/verdicts';
import { numberConditions, numberPhoto } from '../src/main/engine/image/number-photos';

const share = (n: number, of: number): string => `${n}/${of} (${((100 * n) / of).toFixed(1)}%)`;

async function main(): Promise<void> {
  const { model, score } = await benchModel();
  const count = Number(process.env.NUMBERS ?? 200);
  const photos = numberConditions(count, Number(process.env.SEED ?? 13));
  const images = await Promise.all(
    photos.map(async (p, i) => ({ name: String(i), input: await numberPhoto(p) })),
  );
  const options = { samples: 100, score };
  const reads = await readImages(model, images, options);
  const checks = await judgeImages(model, images, options);
  const byPaper = new Map<string, [number, number]>();
  let [whole, predicted, found, accepted, several] = [0, 0, 0, 0, 0];
  photos.forEach((p, i) => {
    const read = reads[i]!;
    const check = checks[i]!;
    const right = read.ok && read.text === p.text;
    if (right) whole++;
    if (read.ok && read.digits.length === p.text.length) {
      found++;
      if (read.digits.map((d) => d.prediction).join('') === p.text) predicted++;
    }
    if (check.ok && check.verdict === 'accept') accepted++;
    if (check.ok && check.reason === 'several_digits') several++;
    const key = `${p.paper}${p.touching ? ', touching' : ''}`;
    const [r, n] = byPaper.get(key) ?? [0, 0];
    byPaper.set(key, [r + (right ? 1 : 0), n + 1]);
  });
  for (const [key, [r, n]] of byPaper) console.log(`${key.padEnd(20)} read whole and right ${share(r, n)}`);
  console.log(`numbers read whole and right (every digit accepted and right): ${share(whole, count)}`);
  console.log(`numbers with every digit predicted right (any verdict):        ${share(predicted, count)}`);
  console.log(`numbers split into the right count of digits:                  ${share(found, count)}`);
  console.log(
    `unsure check: single-digit accepts ${accepted}/${count}, "several digits" ${share(several, count)}`,
  );
}

void main();

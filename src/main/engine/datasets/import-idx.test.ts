import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeIdx } from '../data/idx';
import { importDataset } from './import';
import { openDataset } from './store';
import { patternPixels, rejection, writeIdxPair, datasetEntries, tempFolders } from './test-sets';

const where = tempFolders('unsure-ds-idx-', { beforeEach, afterEach });

/** An IDX split of `count` 12×10 images, labels cycling through `classes`. */
function split(count: number, classes: number, seed: number) {
  const pixels = patternPixels(seed, 0, 10, 12 * count, 1);
  const labels = Uint8Array.from({ length: count }, (_, i) => (i + seed) % classes);
  return { images: { count, rows: 12, cols: 10, pixels }, labels };
}

function writeSet(gzip: boolean, trainCount = 50, testCount = 9, classes = 4): ReturnType<typeof split>[] {
  const [train, test] = [split(trainCount, classes, 1), split(testCount, classes, 2)];
  writeIdxPair(where.source, 'train', train.images, train.labels, gzip);
  writeIdxPair(where.source, 't10k', test.images, test.labels, gzip);
  return [train, test];
}

describe('importing IDX files', () => {
  for (const gzip of [false, true]) {
    it(`imports a ${gzip ? 'gzipped' : 'plain'} pair per split as given, bytes unchanged`, async () => {
      const [train, test] = writeSet(gzip);
      const progress: number[] = [];
      const { manifest, skipped } = await importDataset(where.root, {
        name: 'letters',
        source: where.source,
        onProgress: (p) => progress.push(p.done),
      });
      expect(skipped).toEqual([]);
      expect(manifest).toMatchObject({
        classNames: ['0', '1', '2', '3'],
        shape: { height: 12, width: 10, channels: 1, classes: 4 },
        splits: { train: 50, test: 9 },
        splitOrigin: 'given',
        source: { kind: 'idx', path: where.source },
        preparation: 'ink',
      });
      expect(progress.at(-1)).toBe(59);
      const dataset = await openDataset(where.root, 'letters');
      expect(Buffer.from(dataset.split('train').pixels).equals(Buffer.from(train!.images.pixels))).toBe(true);
      expect(Array.from(dataset.split('test').labels)).toEqual(Array.from(test!.labels));
    });
  }

  it('names the classes from --classes, else from classes.txt', async () => {
    writeSet(false);
    const given = await importDataset(where.root, {
      name: 'a',
      source: where.source,
      classes: ['w', 'x', 'y', 'z'],
    });
    expect(given.manifest.classNames).toEqual(['w', 'x', 'y', 'z']);
    fs.writeFileSync(path.join(where.source, 'classes.txt'), 'north\neast\nsouth\nwest\n');
    const fromFile = await importDataset(where.root, { name: 'b', source: where.source, preparation: 'fit' });
    expect(fromFile.manifest.classNames).toEqual(['north', 'east', 'south', 'west']);
    expect(fromFile.manifest.preparation).toBe('fit');
    const tooFew = await rejection(
      importDataset(where.root, { name: 'c', source: where.source, classes: ['w', 'x'] }),
    );
    expect(tooFew.message).toBe('--classes gives 2 class names; the dataset has 4 classes');
  });

  it('refuses image and label counts that disagree, and writes nothing', async () => {
    writeSet(true);
    fs.writeFileSync(
      path.join(where.source, 't10k-labels-idx1-ubyte.gz'),
      // A plain file under a .gz name: recognised by its bytes, not its name.
      writeIdx([8], new Uint8Array(8)),
    );
    const refused = await rejection(importDataset(where.root, { name: 'bad', source: where.source }));
    expect(refused).toEqual({
      code: 'import_invalid',
      message:
        'the test split holds 9 images (t10k-images-idx3-ubyte.gz) but 8 labels (t10k-labels-idx1-ubyte.gz)',
    });
    expect(datasetEntries(where.root)).toEqual([]);
  });

  it('refuses a truncated image file and a missing file, writing nothing', async () => {
    writeSet(false);
    const file = path.join(where.source, 'train-images-idx3-ubyte');
    fs.truncateSync(file, fs.statSync(file).size - 5);
    expect((await rejection(importDataset(where.root, { name: 'bad', source: where.source }))).message).toBe(
      'train-images-idx3-ubyte is truncated: 5995 data bytes, its header says 6000',
    );
    fs.rmSync(path.join(where.source, 't10k-labels-idx1-ubyte'));
    expect(
      (await rejection(importDataset(where.root, { name: 'bad', source: where.source }))).message,
    ).toContain('lacks the test labels IDX file(s)');
    expect(datasetEntries(where.root)).toEqual([]);
  });

  it('refuses labels of a single class', async () => {
    writeSet(false, 20, 5, 1);
    expect((await rejection(importDataset(where.root, { name: 'one', source: where.source }))).message).toBe(
      'the dataset has fewer than two classes (1)',
    );
  });

  it('leaves nothing behind when cancelled', async () => {
    writeSet(true, 3000, 9);
    const abort = new AbortController();
    const run = importDataset(where.root, {
      name: 'stopped',
      source: where.source,
      signal: abort.signal,
      onProgress: () => abort.abort(),
    });
    expect((await rejection(run)).code).toBe('cancelled');
    expect(datasetEntries(where.root)).toEqual([]);
  });
});

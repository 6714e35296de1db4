import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDataset, type ImportProgress } from './import';
import { openDataset } from './store';
import { makeFolderSet, patternPixels, rejection, datasetEntries, tempFolders } from './test-sets';
import { targetSize, testFlags } from './folder-layout';

const where = tempFolders('unsure-ds-folders-', { beforeEach, afterEach });

describe('importing a folder per class', () => {
  it('imports the readable images, lists the skipped file, resizes the odd one and splits 85/15 per class', async () => {
    const pixels = await makeFolderSet(where.source, {
      classes: { cat: 20, dog: 14, owl: 7 },
      width: 16,
      height: 12,
      channels: 1,
    });
    fs.writeFileSync(
      path.join(where.source, 'dog', 'broken.png'),
      Buffer.from('\x89PNG\r\n\x1a\nnot really'),
    );
    await sharp(patternPixels(9, 9, 30, 30, 1), { raw: { width: 30, height: 30, channels: 1 } })
      .png()
      .toFile(path.join(where.source, 'owl', 'big.png'));
    const progress: ImportProgress[] = [];
    const { manifest, skipped } = await importDataset(where.root, {
      name: 'pets',
      source: where.source,
      onProgress: (p) => progress.push(p),
    });

    expect(manifest.classNames).toEqual(['cat', 'dog', 'owl']);
    expect(manifest.shape).toEqual({ height: 12, width: 16, channels: 1, classes: 3 });
    expect(manifest.splitOrigin).toBe('seeded');
    expect(manifest.source.kind).toBe('folders');
    expect(manifest.preparation).toBe('fit');
    // 15% per class, at least one: cat 20 → 3, dog 14 → 2, owl 8 → 1.
    expect(manifest.splits).toEqual({ train: 17 + 12 + 7, test: 3 + 2 + 1 });
    expect(skipped.map((s) => path.basename(s.file))).toEqual(['broken.png']);
    expect(manifest.notes).toContain(
      '1 image(s) of other sizes resized to 16×12 (fitted, padded with black).',
    );
    expect(manifest.notes).toContain('1 file(s) skipped: not readable as images.');
    expect(progress.at(-1)).toEqual({ phase: 'importing', done: 42, total: 42 });

    const dataset = await openDataset(where.root, 'pets');
    expect(dataset.manifest).toEqual(manifest);
    const test = dataset.split('test');
    expect(Array.from(test.labels).sort()).toEqual([0, 0, 0, 1, 1, 2]);
    // Every stored picture of the common size is one of the where.source pictures, byte for byte.
    const sources = new Set([...pixels.values()].map((p) => p.toString('hex')));
    const train = dataset.split('train');
    const size = 16 * 12;
    let same = 0;
    for (const split of [train, test]) {
      for (let i = 0; i < split.count; i++) {
        if (sources.has(Buffer.from(split.pixels.subarray(i * size, (i + 1) * size)).toString('hex'))) same++;
      }
    }
    expect(same).toBe(41);
    expect(datasetEntries(where.root)).toEqual(['pets']);
  });

  it('keeps colour when an image is coloured, and stores channels last', async () => {
    await makeFolderSet(where.source, { classes: { a: 3, b: 3 }, width: 10, height: 10, channels: 3 });
    const { manifest } = await importDataset(where.root, { name: 'colour', source: where.source });
    expect(manifest.shape.channels).toBe(3);
    const train = (await openDataset(where.root, 'colour')).split('train');
    expect(train.pixels.length).toBe(train.count * 10 * 10 * 3);
  });

  it('refuses a class with one image, naming it, and writes nothing', async () => {
    await makeFolderSet(where.source, { classes: { a: 3, b: 1 }, width: 10, height: 10, channels: 1 });
    const refused = await rejection(importDataset(where.root, { name: 'x', source: where.source }));
    expect(refused.code).toBe('import_invalid');
    expect(refused.message).toContain('"b" has only one readable image');
    expect(datasetEntries(where.root)).toEqual([]);
  });

  it('refuses fewer than two classes, an empty folder, a taken or invalid name', async () => {
    await makeFolderSet(where.source, { classes: { only: 4 }, width: 10, height: 10, channels: 1 });
    expect(
      (await rejection(importDataset(where.root, { name: 'x', source: where.source }))).message,
    ).toContain('fewer than two classes');
    const empty = path.join(where.tmp, 'empty');
    fs.mkdirSync(empty);
    expect((await rejection(importDataset(where.root, { name: 'x', source: empty }))).message).toContain(
      'holds no images',
    );
    await expect(importDataset(where.root, { name: 'mnist', source: where.source })).rejects.toMatchObject({
      code: 'dataset_exists',
    });
    await expect(importDataset(where.root, { name: 'Bad Name', source: where.source })).rejects.toMatchObject(
      {
        code: 'invalid_name',
      },
    );
    await makeFolderSet(where.source, { classes: { only: 4, other: 4 }, width: 10, height: 10, channels: 1 });
    await importDataset(where.root, { name: 'taken', source: where.source });
    await expect(importDataset(where.root, { name: 'taken', source: where.source })).rejects.toMatchObject({
      code: 'dataset_exists',
    });
    expect(datasetEntries(where.root)).toEqual(['taken']);
  });

  it('leaves nothing behind when cancelled part way', async () => {
    await makeFolderSet(where.source, { classes: { a: 30, b: 30 }, width: 10, height: 10, channels: 1 });
    const abort = new AbortController();
    const phases: string[] = [];
    const run = importDataset(where.root, {
      name: 'cancelled',
      source: where.source,
      signal: abort.signal,
      onProgress: (p) => {
        phases.push(p.phase);
        if (p.phase === 'importing' && p.done >= 16) abort.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'cancelled' });
    expect(phases).toContain('importing');
    expect(datasetEntries(where.root)).toEqual([]);
  });
});

describe('the layout of a folder set', () => {
  it('takes the most common size, fitting sizes outside 8–64 into 28×28', () => {
    const many = (width: number, height: number, n: number) =>
      Array.from({ length: n }, () => ({ width, height }));
    expect(targetSize([...many(32, 32, 3), ...many(20, 20, 2)])).toEqual({ width: 32, height: 32 });
    expect(targetSize(many(640, 480, 2))).toEqual({
      width: 28,
      height: 21,
      scaledFrom: { width: 640, height: 480 },
    });
  });

  it('draws the same test images for the same seed, at least one per class and never all', () => {
    const labels = [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const flags = testFlags(labels, 7);
    expect(flags).toEqual(testFlags(labels, 7));
    expect(flags.filter((f, i) => f && labels[i] === 0)).toHaveLength(1);
    expect(flags.filter((f, i) => f && labels[i] === 1)).toHaveLength(3);
  });
});

// Import of a folder with one subfolder of images per class. Two passes: headers (sizes, unreadable
// files set aside), then each image decoded with sharp at the stored size and written to its split
// at once, in a seeded order. Whether the set is grey is known only at the end, so every image is
// written both as grey and as RGB bytes and finish keeps one. Memory at any moment: PARALLEL_FILES (16)
// source files (each ≤ 25 MB, the image cap) and their decoded pictures (≤ 64×64×3 bytes each),
// the 1 MiB buffers of the staging streams, and the scan's few numbers per image.
import path from 'node:path';
import sharp from 'sharp';
import { err, ok, type Result } from '../../../shared/result';
import { DEFAULT_IMAGE_LIMITS, bmpToSharp, decodeError, readInput } from '../image/prepare';
import { sniffFormat } from '../image/sniff';
import { checkClassNames } from './class-names';
import { inBatches, listClassFolders, scanImages, type ScannedImage } from './folder-scan';
import { shuffledOrder, targetSize, testFlags, type TargetSize } from './folder-layout';
import type { ImportOptions, ImportResult, SkippedFile } from './import-types';
import { throwIfCancelled, withStaging } from './staging';
import { datasetError } from './store';

/** Largest channel difference within a pixel for the image to count as grey (JPEG's colour noise). */
const GREY_TOLERANCE = 8;

interface Decoded {
  rgb: Buffer;
  grey: Uint8Array;
  isGrey: boolean;
}

/** Decodes to RGB bytes, resized (fitted, padded with black) unless `resize` is false. */
async function rgbPixels(buf: Buffer, size: TargetSize, resize: boolean) {
  const input =
    sniffFormat(buf) === 'bmp'
      ? bmpToSharp(buf)
      : sharp(buf, { limitInputPixels: DEFAULT_IMAGE_LIMITS.maxPixels, failOn: 'error', pages: 1 });
  const turned = input.rotate();
  const fitted = resize
    ? turned.resize(size.width, size.height, { fit: 'contain', background: '#000000' })
    : turned;
  return fitted
    .flatten({ background: '#000000' })
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
}

/** The image as RGB and grey bytes at exactly `size`; resized only when its size differs. */
async function decode(image: ScannedImage, size: TargetSize): Promise<Result<Decoded>> {
  const read = await readInput(image.file, DEFAULT_IMAGE_LIMITS);
  if (!read.ok) return read;
  try {
    const sameSize = image.width === size.width && image.height === size.height;
    let { data, info } = await rgbPixels(read.value, size, !sameSize);
    // An EXIF rotation can turn a picture of the right size into one of another.
    if (info.width !== size.width || info.height !== size.height) {
      ({ data, info } = await rgbPixels(read.value, size, true));
    }
    if (info.channels !== 3) return err('corrupt_image', `decoded to ${info.channels} channels, not RGB`);
    const grey = new Uint8Array(size.width * size.height);
    let isGrey = true;
    for (let i = 0, p = 0; i < grey.length; i++, p += 3) {
      const [r, g, b] = [data[p]!, data[p + 1]!, data[p + 2]!];
      if (Math.max(r, g, b) - Math.min(r, g, b) > GREY_TOLERANCE) isGrey = false;
      grey[i] = Math.round(0.299 * r + 0.587 * g + 0.114 * b);
    }
    return ok({ rgb: data, grey, isGrey });
  } catch (error) {
    return decodeError(error);
  }
}

/** Refuses a set in which a class has fewer than two readable images (or fewer than two classes). */
function checkClassCounts(images: readonly ScannedImage[], classNames: readonly string[]): void {
  const counts = new Array<number>(classNames.length).fill(0);
  for (const image of images) counts[image.label]!++;
  const short = counts.findIndex((n) => n < 2);
  if (short >= 0) {
    const n = counts[short]!;
    throw datasetError(
      'import_invalid',
      `the class "${classNames[short]}" has ${n === 0 ? 'no' : 'only one'} readable image; each class needs at least two (one to train on, one to test)`,
    );
  }
}

function sizeNotes(
  images: readonly ScannedImage[],
  size: TargetSize,
  skipped: readonly SkippedFile[],
): string[] {
  const notes: string[] = [];
  const { width, height, scaledFrom } = size;
  if (scaledFrom) {
    notes.push(
      `Images are stored at ${width}×${height}: their most common size, ${scaledFrom.width}×${scaledFrom.height}, is outside 8–64 pixels a side, so every image was fitted into ${width}×${height}.`,
    );
  } else {
    const other = images.filter((i) => i.width !== width || i.height !== height).length;
    if (other > 0)
      notes.push(
        `${other} image(s) of other sizes resized to ${width}×${height} (fitted, padded with black).`,
      );
  }
  if (skipped.length > 0) notes.push(`${skipped.length} file(s) skipped: not readable as images.`);
  return notes;
}

export async function importFolders(root: string, options: ImportOptions): Promise<ImportResult> {
  const classes = listClassFolders(options.source);
  const classNames = options.classes
    ? checkClassNames(options.classes, classes.length, options.classesFrom ?? '--classes')
    : checkClassNames(
        classes.map((c) => c.name),
        classes.length,
        'the class folders',
      );
  const { images, skipped } = await scanImages(classes, (p) => options.onProgress?.(p), options.signal);
  checkClassCounts(images, classNames);
  const size = targetSize(images);
  const seed = options.seed ?? 1;
  const isTest = testFlags(
    images.map((i) => i.label),
    seed,
  );
  const order = Array.from(shuffledOrder(images.length, seed));
  let allGrey = true;
  let done = 0;
  const manifest = await withStaging(
    root,
    options.name,
    async (staging) => {
      await inBatches(
        order,
        (i) => decode(images[i]!, size),
        async (results, batch) => {
          for (let k = 0; k < batch.length; k++) {
            const result = results[k]!;
            const image = images[batch[k]!]!;
            if (!result.ok) {
              skipped.push({ file: image.file, reason: result.error.message });
              continue;
            }
            allGrey &&= result.value.isGrey;
            const split = staging.splits[isTest[batch[k]!] ? 'test' : 'train'];
            await split.add([result.value.grey, result.value.rgb], Uint8Array.of(image.label));
          }
          done += batch.length;
          options.onProgress?.({ phase: 'importing', done, total: order.length });
        },
        options.signal,
      );
      throwIfCancelled(options.signal);
      const channels = allGrey ? 1 : 3;
      return staging.finish(
        {
          format: 1,
          name: options.name,
          classNames,
          shape: { height: size.height, width: size.width, channels, classes: classNames.length },
          splitOrigin: 'seeded',
          splitSeed: seed,
          source: { kind: 'folders', path: path.resolve(options.source) },
          preparation: options.preparation ?? 'fit',
          createdAt: new Date().toISOString(),
          notes: sizeNotes(images, size, skipped),
        },
        allGrey ? 0 : 1,
      );
    },
    2,
  );
  return { manifest, skipped };
}

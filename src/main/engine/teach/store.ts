// The marked pictures: `<data root>/marked/` holds, per entry, `<id>.json` (id, label, original file
// name, createdAt), `<id>.original` (the bytes as given) and `<id>.u8` (the 784 prepared pixels, 0–255,
// from the same preparation as a check). The JSON is written last and removed first: an entry exists
// exactly when its JSON does, so a crash mid-write leaves no half entry in the list.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  MARKED_ID_PATTERN,
  MarkedMeta,
  type MarkedEntry,
  type MarkedLabel,
  type MarkedList,
} from '../../../shared/api/teach';
import { MNIST_SHAPE, inputSize } from '../../../shared/data-shape';
import { CodedError, err, ok, toApiError, type Result } from '../../../shared/result';
import { readChecked } from '../files/safe-read';
import { prepareImage, pixelsToPng } from '../image/prepare';
import { writeFileAtomic, writeJsonAtomic } from '../store/atomic';

const PIXELS = inputSize(MNIST_SHAPE);

/** The folder of the marked pictures. */
export function markedDir(root: string): string {
  return path.join(root, 'marked');
}

const files = (dir: string, id: string) => ({
  meta: path.join(dir, `${id}.json`),
  original: path.join(dir, `${id}.original`),
  pixels: path.join(dir, `${id}.u8`),
});

/** Marked pictures as training and evaluation data: pixels (count × 784, 0–255) and labels. */
export interface MarkedSet {
  ids: string[];
  labels: MarkedLabel[];
  pixels: Uint8Array;
}

/** Stores a picture with its label; refused when it cannot be prepared or a digit has no ink. */
export async function markPicture(
  root: string,
  picture: { name: string; bytes: Uint8Array; label: MarkedLabel },
): Promise<Result<MarkedEntry>> {
  const prepared = await prepareImage(picture.bytes);
  if (!prepared.ok) return prepared;
  if (!prepared.value.written && picture.label !== null) {
    return err(
      'nothing_written',
      `${picture.name} holds no ink, so it cannot be taught as a ${picture.label}`,
    );
  }
  const id = `m-${Date.now().toString(36)}${crypto.randomBytes(3).toString('hex')}`;
  const meta: MarkedMeta = {
    id,
    label: picture.label,
    name: path.basename(picture.name.replace(/\\/g, '/')) || 'picture',
    createdAt: new Date().toISOString(),
  };
  const dir = markedDir(root);
  const at = files(dir, id);
  await fs.mkdir(dir, { recursive: true });
  await writeFileAtomic(at.original, picture.bytes);
  await writeFileAtomic(at.pixels, toBytes(prepared.value.pixels));
  await writeJsonAtomic(at.meta, meta);
  return ok({ ...meta, seenPngBase64: prepared.value.png.toString('base64') });
}

function toBytes(pixels: Float32Array): Uint8Array {
  return Uint8Array.from(pixels, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
}

/** One entry's meta and pixels, or why it cannot be used. */
async function readEntry(dir: string, id: string): Promise<{ meta: MarkedMeta; pixels: Uint8Array }> {
  const at = files(dir, id);
  let json: unknown;
  try {
    json = JSON.parse((await readChecked(at.meta, 'markedEntry')).toString('utf8'));
  } catch (error) {
    throw new CodedError('marked_invalid', `${id}.json cannot be read: ${toApiError(error).message}`);
  }
  const meta = MarkedMeta.safeParse(json);
  if (!meta.success || meta.data.id !== id) {
    throw new CodedError('marked_invalid', `${id}.json is not a marked picture's entry`);
  }
  const pixels = await readChecked(at.pixels, 'markedEntry');
  if (pixels.length !== PIXELS) {
    throw new CodedError('marked_invalid', `${id}.u8 holds ${pixels.length} bytes, not ${PIXELS}`);
  }
  return { meta: meta.data, pixels: new Uint8Array(pixels) };
}

async function entryIds(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names
    .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
    .map((n) => n.slice(0, -'.json'.length))
    .sort();
}

/** Every readable entry, oldest first, with its pixels; damaged ones are skipped with a message. */
export async function readMarked(
  root: string,
): Promise<{ entries: { meta: MarkedMeta; pixels: Uint8Array }[]; skipped: MarkedList['skipped'] }> {
  const dir = markedDir(root);
  const entries: { meta: MarkedMeta; pixels: Uint8Array }[] = [];
  const skipped: MarkedList['skipped'] = [];
  for (const id of await entryIds(dir)) {
    try {
      entries.push(await readEntry(dir, id));
    } catch (error) {
      skipped.push({ id, message: toApiError(error).message });
    }
  }
  entries.sort(
    (a, b) => a.meta.createdAt.localeCompare(b.meta.createdAt) || a.meta.id.localeCompare(b.meta.id),
  );
  return { entries, skipped };
}

/** The list the UI and `unsure marked` show: each entry with its 28×28 as a PNG. */
export async function listMarked(root: string): Promise<MarkedList> {
  const { entries, skipped } = await readMarked(root);
  const listed: MarkedEntry[] = [];
  for (const { meta, pixels } of entries) {
    const png = await pixelsToPng(Float32Array.from(pixels, (v) => v / 255));
    listed.push({ ...meta, seenPngBase64: png.toString('base64') });
  }
  return { entries: listed, skipped };
}

/** The readable entries as one set (what a run snapshots and Compare evaluates). */
export async function markedSet(root: string): Promise<MarkedSet> {
  const { entries } = await readMarked(root);
  const pixels = new Uint8Array(entries.length * PIXELS);
  entries.forEach((e, i) => pixels.set(e.pixels, i * PIXELS));
  return { ids: entries.map((e) => e.meta.id), labels: entries.map((e) => e.meta.label), pixels };
}

/** The original bytes of an entry, as the user gave them. */
export async function markedOriginal(root: string, id: string): Promise<Buffer> {
  return readChecked(files(markedDir(root), id).original, 'image');
}

/** Removes an entry (its JSON first, so it leaves the list at once); not_found when there is none. */
export async function deleteMarked(root: string, id: string): Promise<Result<{ id: string }>> {
  if (!MARKED_ID_PATTERN.test(id)) return err('not_found', `no marked picture ${id}`);
  const at = files(markedDir(root), id);
  try {
    await fs.unlink(at.meta);
  } catch {
    return err('not_found', `no marked picture ${id}`);
  }
  await Promise.all([at.original, at.pixels].map((f) => fs.rm(f, { force: true })));
  return ok({ id });
}

// A run that is taught the marked pictures keeps a copy of them in its model folder (teach.json), taken
// when the run starts: resuming, and reading later what the model was taught, never depend on marks
// added or deleted since.
import path from 'node:path';
import { z } from 'zod';
import { MNIST_SHAPE, inputSize } from '../../../shared/data-shape';
import { MARKED_ID_PATTERN, MarkedLabel } from '../../../shared/api/teach';
import { CodedError } from '../../../shared/result';
import { readCheckedSync } from '../files/safe-read';
import { writeFileAtomicSync } from '../files/atomic-write';
import type { MarkedSet } from './store';

export const TEACH_FILE = 'teach.json';
const PIXELS = inputSize(MNIST_SHAPE);

const Snapshot = z
  .object({
    format: z.literal('unsure-teach'),
    version: z.literal(1),
    ids: z.array(z.string().regex(MARKED_ID_PATTERN)),
    labels: z.array(MarkedLabel),
    /** count × 784 bytes (0–255), base64. */
    pixelsBase64: z.string(),
  })
  .strict();

/** Writes the marked set into `modelDir`; refused when there is nothing to teach. */
export function writeTeachSnapshot(modelDir: string, set: MarkedSet): void {
  if (set.ids.length === 0) {
    throw new CodedError('nothing_marked', 'no marked pictures to teach: mark some on a Check card first');
  }
  const snapshot: z.infer<typeof Snapshot> = {
    format: 'unsure-teach',
    version: 1,
    ids: set.ids,
    labels: set.labels,
    pixelsBase64: Buffer.from(set.pixels).toString('base64'),
  };
  writeFileAtomicSync(path.join(modelDir, TEACH_FILE), JSON.stringify(snapshot));
}

/** The marked set a model was taught. */
export function readTeachSnapshot(modelDir: string): MarkedSet {
  const text = readCheckedSync(path.join(modelDir, TEACH_FILE), 'teachSnapshot').toString('utf8');
  let parsed;
  try {
    parsed = Snapshot.safeParse(JSON.parse(text));
  } catch {
    parsed = null;
  }
  const pixels = parsed?.success ? new Uint8Array(Buffer.from(parsed.data.pixelsBase64, 'base64')) : null;
  if (!parsed?.success || !pixels || parsed.data.labels.length !== parsed.data.ids.length) {
    throw new CodedError('model_invalid', `${TEACH_FILE} is not a snapshot of marked pictures`);
  }
  if (pixels.length !== parsed.data.ids.length * PIXELS) {
    throw new CodedError('model_invalid', `${TEACH_FILE} holds the wrong number of pixels`);
  }
  return { ids: parsed.data.ids, labels: parsed.data.labels, pixels };
}

// Tests' small in-memory datasets: each class a shape (a bar across, a bar down, a ring, …) drawn in
// a random colour at a random offset on a noisy background, so the classes are easy to tell apart
// by form and never by a fixed pixel or colour.
import {
  DatasetManifest,
  type DatasetManifest as Manifest,
  type Preparation,
} from '../../../shared/datasets';
import { Rng } from '../bnn/rng';
import type { Dataset, DatasetSplit } from './dataset';

export interface SyntheticOptions {
  name?: string;
  height?: number;
  width?: number;
  channels?: 1 | 3;
  /** At most 4 (one shape each). */
  classes?: number;
  train?: number;
  test?: number;
  seed?: number;
  classNames?: string[];
  preparation?: Preparation;
}

type Mask = (r: number, c: number, h: number, w: number) => boolean;
const SHAPES: Mask[] = [
  (r, _c, h) => Math.abs(r - h / 2) < h / 8,
  (_r, c, _h, w) => Math.abs(c - w / 2) < w / 8,
  (r, c, h, w) => Math.abs(Math.hypot(r - h / 2, c - w / 2) - h / 4) < h / 10,
  (r, c) => Math.abs(r - c) < 2,
];

function drawSplit(
  count: number,
  opts: Required<Omit<SyntheticOptions, 'classNames' | 'name' | 'preparation'>>,
  seed: number,
): DatasetSplit {
  const { height: h, width: w, channels: ch, classes } = opts;
  const rng = new Rng(seed);
  const pixels = new Uint8Array(count * h * w * ch);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const label = i % classes;
    labels[i] = label;
    const [dr, dc] = [rng.int(3) - 1, rng.int(3) - 1];
    const colour = Array.from({ length: ch }, () => 140 + rng.int(116));
    for (let r = 0; r < h; r++)
      for (let c = 0; c < w; c++)
        for (let k = 0; k < ch; k++) {
          const on = SHAPES[label]!(r + dr, c + dc, h, w);
          pixels[((i * h + r) * w + c) * ch + k] = on ? colour[k]! : rng.int(40);
        }
  }
  return { count, pixels, labels };
}

/** A dataset of `classes` shapes, `train` and `test` examples, pixels HWC bytes. */
export function syntheticDataset(options: SyntheticOptions = {}): Dataset {
  const opts = {
    height: 16,
    width: 16,
    channels: 3 as const,
    classes: 3,
    train: 240,
    test: 60,
    seed: 1,
    ...options,
  };
  const { height, width, channels, classes } = opts;
  const manifest: Manifest = DatasetManifest.parse({
    format: 1,
    name: opts.name ?? 'shapes',
    classNames: opts.classNames ?? ['bar', 'post', 'ring', 'slash'].slice(0, classes),
    shape: { height, width, channels, classes },
    splits: { train: opts.train, test: opts.test },
    splitOrigin: 'seeded',
    splitSeed: opts.seed,
    source: { kind: 'folders', path: '/nowhere' },
    preparation: opts.preparation ?? 'fit',
    createdAt: '2026-11-30T00:00:00.000Z',
  });
  const splits = {
    train: drawSplit(opts.train, opts, opts.seed * 2),
    test: drawSplit(opts.test, opts, opts.seed * 2 + 1),
  };
  return { manifest, split: (split) => splits[split] };
}

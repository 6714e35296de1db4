// How fast a dataset imports and how much memory it takes: a 10,000-image folder-per-class set
// (10 classes of 28×28 grey PNGs, made in a temp folder) and, when Debian's dataset-fashion-mnist is
// installed, Fashion-MNIST's IDX files. Prints seconds and the peak resident set (VmHWM) after each.
// Usage: npx tsx bench/dataset-import.ts [--images 10000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importDataset } from '../src/main/engine/datasets/import';
import { makeFolderSet } from '../src/main/engine/datasets/test-sets';
import { FASHION_CLASSES, FASHION_DIR } from './own-sets';
import { rssMb } from './process-stats';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function timed(label: string, work: () => Promise<string>): Promise<void> {
  const start = performance.now();
  const what = await work();
  const seconds = (performance.now() - start) / 1000;
  console.log(
    `${label}: ${seconds.toFixed(1)} s, peak RSS ${rssMb('self', 'VmHWM').toFixed(0)} MB — ${what}`,
  );
}

async function main(): Promise<void> {
  const images = arg('--images', 10_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-bench-import-'));
  try {
    const source = path.join(tmp, 'folders');
    const perClass = Math.ceil(images / 10);
    const classes = Object.fromEntries(Array.from({ length: 10 }, (_, c) => [`class-${c}`, perClass]));
    const made = performance.now();
    await makeFolderSet(source, { classes, width: 28, height: 28, channels: 1 });
    console.log(`made ${perClass * 10} PNGs in ${((performance.now() - made) / 1000).toFixed(1)} s`);
    console.log(
      `load average before: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    const root = path.join(tmp, 'data');
    await timed(`folder set of ${perClass * 10} images`, async () => {
      const { manifest } = await importDataset(root, { name: 'folders', source });
      return `train ${manifest.splits.train}, test ${manifest.splits.test}`;
    });
    if (fs.existsSync(FASHION_DIR)) {
      await timed('Fashion-MNIST (Debian IDX, gzipped)', async () => {
        const { manifest } = await importDataset(root, {
          name: 'fashion',
          source: FASHION_DIR,
          classes: FASHION_CLASSES,
          preparation: 'fit',
        });
        return `train ${manifest.splits.train}, test ${manifest.splits.test}`;
      });
    } else {
      console.log(`${FASHION_DIR} is missing: apt-get install dataset-fashion-mnist to time it`);
    }
    console.log(
      `load average after: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

void main();

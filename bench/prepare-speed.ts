// The cost of preparing one picture (decode + prepare: prepareImage, MNIST's rule) on the shipped
// sample photos, wall ms and main-thread-plus-decoder CPU ms (process.cpuUsage) per picture. With
// --against <git rev>, that revision's src/ (exported to a temporary folder) prepares the same
// pictures in the same process, picture by picture alternately, and the ratio current/against is
// printed along with whether every prepared 28×28 is the same bit for bit: on a shared machine only
// ratios mean much.
// Run: npx tsx bench/prepare-speed.ts [--against main] [--rounds 5]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type * as Prepare from '../src/main/engine/image/prepare';
import { quantile } from './process-stats';

type PrepareModule = typeof Prepare;
const MODULE = 'src/main/engine/image/prepare.ts';

/** `rev`'s src/ in a temporary folder (this tree's node_modules linked in), its prepare.ts loaded. */
async function prepareAt(rev: string): Promise<PrepareModule> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-prepare-speed-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const archive = execFileSync('git', ['archive', rev, 'src'], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', dir], { input: archive });
  fs.symlinkSync(path.resolve('node_modules'), path.join(dir, 'node_modules'));
  return (await import(path.join(dir, MODULE))) as PrepareModule;
}

/** Every shipped sample picture's path. */
function samplePictures(): string[] {
  const root = path.resolve('resources/samples');
  return fs
    .readdirSync(root)
    .flatMap((dir) => fs.readdirSync(path.join(root, dir)).map((f) => path.join(root, dir, f)))
    .sort();
}

/** The prepared pixels of the picture and of each digit, as bytes, for comparing two variants. */
function fingerprint(r: Awaited<ReturnType<PrepareModule['prepareImage']>>): Buffer {
  if (!r.ok) return Buffer.from(r.error.code);
  const arrays = [r.value.pixels, ...r.value.digits.map((d) => d.pixels)];
  return Buffer.concat(arrays.map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
}

const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').trim();

async function main(): Promise<void> {
  const { values: opts } = parseArgs({
    options: { against: { type: 'string' }, rounds: { type: 'string', default: '5' } },
  });
  const rounds = Number(opts.rounds);
  const variants: { name: string; module: PrepareModule; wall: number[]; cpu: number[] }[] = [
    { name: 'current', module: await import('../src/main/engine/image/prepare'), wall: [], cpu: [] },
  ];
  if (opts.against)
    variants.push({ name: opts.against, module: await prepareAt(opts.against), wall: [], cpu: [] });
  const files = samplePictures();
  let different = 0;
  for (const file of files) {
    const prints = await Promise.all(
      variants.map(async (v) => fingerprint(await v.module.prepareImage(file))),
    );
    if (prints.some((p) => !p.equals(prints[0]!))) different++;
  }
  console.log(`load before: ${loadavg()}`);
  for (let r = 0; r < rounds; r++) {
    for (const [k, file] of files.entries()) {
      // Alternate which variant goes first, so neither always runs on a warmer cache.
      const order = (r + k) % 2 === 0 ? variants : [...variants].reverse();
      for (const v of order) {
        const [c0, t0] = [process.cpuUsage(), performance.now()];
        await v.module.prepareImage(file);
        const c = process.cpuUsage(c0);
        v.wall.push(performance.now() - t0);
        v.cpu.push((c.user + c.system) / 1000);
      }
    }
  }
  console.log(`load after: ${loadavg()}`);
  const median = (xs: number[]) =>
    quantile(
      [...xs].sort((a, b) => a - b),
      0.5,
    );
  for (const v of variants) {
    console.log(
      `${v.name}: per picture (${files.length} pictures × ${rounds} rounds): wall ms median ` +
        `${median(v.wall).toFixed(1)}, CPU ms median ${median(v.cpu).toFixed(1)}`,
    );
  }
  if (variants.length === 2) {
    const [a, b] = variants as [(typeof variants)[0], (typeof variants)[0]];
    const ratio = (pick: (v: typeof a) => number[]) =>
      median(pick(a).map((x, i) => x / pick(b)[i]!)).toFixed(3);
    console.log(
      `current/${b.name}, median over pictures: wall ${ratio((v) => v.wall)}, CPU ${ratio((v) => v.cpu)}; ` +
        `pictures prepared differently: ${different} of ${files.length}`,
    );
  }
}

void main();

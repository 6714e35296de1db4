// The cost of scoring many images with the default model: CPU ms (all threads, process.cpuUsage) and
// wall ms per posterior sample of a 5000-row block, as the Data view's training split runs it
// (summariseInBlocks over MNIST training rows). With --against <git rev>, that revision's block
// sampler (src/main/engine/bnn/local-predict.ts) runs in the same process, in alternating rounds,
// and the ratio current/against is printed: on a shared machine only ratios mean much.
// Run: TF_CPP_MIN_LOG_LEVEL=2 npx tsx bench/score-speed.ts [--against HEAD~1] [--rows 10000] [--samples 20] [--rounds 5]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadBackend } from '../src/main/engine/backend';
import { fromNamedTensors, uploadPosterior } from '../src/main/engine/bnn/posterior';
import type * as LocalPredict from '../src/main/engine/bnn/local-predict';
import { loadMnistRaw } from '../src/main/engine/data/mnist';
import { loadModel } from '../src/main/engine/store';
import { summariseInBlocks, type BlockSamplerFactory } from '../src/main/engine/uncertainty/predict';
import { quantile } from './process-stats';

const BLOCK = 5000;
type SamplingModule = typeof LocalPredict;

/** `rev`'s local-predict.ts, its relative imports pointed at this tree, loaded as a module. */
async function samplingAt(rev: string): Promise<SamplingModule> {
  const file = 'src/main/engine/bnn/local-predict.ts';
  const here = path.resolve(path.dirname(file));
  const text = execFileSync('git', ['show', `${rev}:${file}`], { encoding: 'utf8' }).replaceAll(
    "from './",
    `from '${here}/`,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-score-speed-'));
  // The module stays loaded until the end, so its file goes when the process does.
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const out = path.join(dir, 'local-predict.ts');
  fs.writeFileSync(out, text);
  return (await import(out)) as SamplingModule;
}

const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').trim();

async function main(): Promise<void> {
  const { values: opts } = parseArgs({
    options: {
      against: { type: 'string' },
      rows: { type: 'string', default: '10000' },
      samples: { type: 'string', default: '20' },
      rounds: { type: 'string', default: '5' },
    },
  });
  const [rows, samples, rounds] = [opts.rows, opts.samples, opts.rounds].map(Number) as [
    number,
    number,
    number,
  ];
  const { tf } = await loadBackend();
  const model = await loadModel(path.resolve('resources/default-model'));
  const posterior = uploadPosterior(tf, fromNamedTensors(model.meta.config.hidden, model.posterior));
  const inputs = loadMnistRaw('train').pixels.subarray(0, rows * 784);
  const variants: [string, SamplingModule][] = [
    ['current', await import('../src/main/engine/bnn/local-predict')],
  ];
  if (opts.against) variants.push([opts.against, await samplingAt(opts.against)]);
  const samplers = variants.map(([name, m]) => {
    const sampling = new m.FirstLayerLocalSampling(tf, posterior);
    const factory: BlockSamplerFactory = (x) => sampling.samplerFor(x, 0);
    const meanProbs: Float32Array = new Float32Array();
    return { name, factory, cpu: [] as number[], wall: [] as number[], meanProbs };
  });
  console.log(`load before: ${loadavg()}`);
  for (const v of samplers) await summariseInBlocks(tf, v.factory, inputs, { samples }); // draws kept
  const units = samples * (rows / BLOCK);
  for (let r = 0; r < rounds; r++) {
    for (const v of samplers) {
      const [c0, t0] = [process.cpuUsage(), performance.now()];
      const summary = await summariseInBlocks(tf, v.factory, inputs, { samples });
      const c = process.cpuUsage(c0);
      v.wall.push((performance.now() - t0) / units);
      v.cpu.push((c.user + c.system) / 1000 / units);
      v.meanProbs = summary.meanProbs;
    }
  }
  console.log(`load after: ${loadavg()}`);
  const fmt = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return `min ${sorted[0]!.toFixed(2)}, median ${quantile(sorted, 0.5).toFixed(2)}`;
  };
  for (const v of samplers) {
    console.log(
      `${v.name}: per sample of a ${BLOCK}-row block: CPU ms ${fmt(v.cpu)}; wall ms ${fmt(v.wall)} ` +
        `(${rows} rows × ${samples} samples × ${rounds} rounds)`,
    );
  }
  if (samplers.length === 2) {
    const [a, b] = samplers as [(typeof samplers)[0], (typeof samplers)[0]];
    const ratios = (pick: (v: typeof a) => number[]) =>
      pick(a)
        .map((x, i) => x / pick(b)[i]!)
        .sort((p, q) => p - q);
    const [cpu, wall] = [ratios((v) => v.cpu), ratios((v) => v.wall)];
    let diff = 0;
    a.meanProbs.forEach((p, i) => (diff = Math.max(diff, Math.abs(p - b.meanProbs[i]!))));
    console.log(
      `current/${b.name}: CPU of the least loaded rounds ${(Math.min(...a.cpu) / Math.min(...b.cpu)).toFixed(3)}; per round: CPU median ${quantile(cpu, 0.5).toFixed(3)} [${cpu.map((x) => x.toFixed(3)).join(', ')}]; ` +
        `wall median ${quantile(wall, 0.5).toFixed(3)}; largest difference of a mean probability ${diff.toExponential(1)}`,
    );
  }
  process.exit(0);
}

void main();

// `npm run bench:check`: latency of one verdict (decode + preprocess + 100 posterior samples) on
// the shipped sample photos, median and p95, and the time for the whole MNIST test set × 100
// samples, with the default posterior or the model folder given. Figures are printed, not asserted.
// Usage: npx tsx bench/check.ts [MODEL_DIR]
import fs from 'node:fs';
import path from 'node:path';
import { loadBackend } from '../src/main/engine/backend';
import { loadMnistPixels } from '../src/main/engine/data/mnist';
import { defaultModelDir, loadModel } from '../src/main/engine/store';
import { judgeImages, summarisePosterior } from '../src/main/engine/verdicts';

const SAMPLES = 100;

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function main(): Promise<void> {
  const { tf, backend } = await loadBackend();
  const dir = process.argv[2] ?? defaultModelDir();
  if (!dir) throw new Error('no default model in resources/');
  const model = await loadModel(dir);
  const score = model.meta.calibration?.score ?? 'entropy';
  const samplesDir = path.resolve('resources/samples/digits-on-paper');
  const files = fs.readdirSync(samplesDir).map((f) => path.join(samplesDir, f));
  await judgeImages(model, [{ name: files[0]!, input: files[0]! }], { samples: SAMPLES, score }); // warm-up
  const latencies: number[] = [];
  for (let round = 0; round < 2; round++) {
    for (const file of files) {
      const t0 = performance.now();
      await judgeImages(model, [{ name: file, input: file }], { samples: SAMPLES, score });
      latencies.push(performance.now() - t0);
    }
  }
  latencies.sort((a, b) => a - b);
  const pixels = loadMnistPixels('test');
  await summarisePosterior(tf, model, pixels.subarray(0, 784 * 100), SAMPLES); // warm-up
  const t0 = performance.now();
  await summarisePosterior(tf, model, pixels, SAMPLES);
  const fullSeconds = (performance.now() - t0) / 1000;
  const result = {
    done: true,
    backend,
    model: model.meta.id,
    hidden: model.meta.config.hidden,
    samples: SAMPLES,
    verdicts: latencies.length,
    verdict_ms_median: Number(quantile(latencies, 0.5).toFixed(1)),
    verdict_ms_p95: Number(quantile(latencies, 0.95).toFixed(1)),
    test_set_10k_x_100_seconds: Number(fullSeconds.toFixed(2)),
    load_average_1min: Number((await import('node:os')).loadavg()[0]!.toFixed(2)),
  };
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(`bench:check: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

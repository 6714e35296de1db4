// Measures the parts of a verdict that do not need a model: image preprocessing per file (median,
// p95) over the shipped sample photos, and the uncertainty maths for the full test set × 100 samples.
// Run: npx jiti bench/uncertainty-speed.ts
import fs from 'node:fs';
import path from 'node:path';
import { prepareImage } from '../src/main/engine/image/prepare';
import { oodMetrics } from '../src/shared/uncertainty/ood-metrics';
import { RiskCoverage } from '../src/shared/uncertainty/risk-coverage';
import { summarizeSamples } from '../src/shared/uncertainty/scores';
import { thresholdAtPercentile } from '../src/shared/uncertainty/thresholds';

const quantileOf = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

async function preprocessing(): Promise<void> {
  const dirs = ['digits-on-paper', 'not-digits'].map((d) => path.join('resources', 'samples', d));
  const files = dirs.flatMap((d) => fs.readdirSync(d).map((f) => path.join(d, f)));
  await prepareImage(files[0]!); // warm-up: sharp's first call loads libvips
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const file of files) {
      const start = performance.now();
      const result = await prepareImage(file);
      times.push(performance.now() - start);
      if (!result.ok) throw new Error(`${file}: ${result.error.message}`);
    }
  }
  times.sort((a, b) => a - b);
  console.log(
    `preprocess ${files.length} photos ×3 (200–1200 px): median ${quantileOf(times, 0.5).toFixed(1)} ms, p95 ${quantileOf(times, 0.95).toFixed(1)} ms`,
  );
}

function scores(): void {
  const [S, N] = [100, 10_000];
  const probs = new Float32Array(S * N * 10);
  for (let i = 0; i < probs.length; i++) probs[i] = ((i * 2654435761) % 1000) / 10_000;
  let best = Infinity;
  let summary = summarizeSamples(probs, S, N);
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    summary = summarizeSamples(probs, S, N);
    best = Math.min(best, performance.now() - start);
  }
  console.log(`summarizeSamples 10k × 100 × 10: ${best.toFixed(0)} ms (best of 3)`);
  let start = performance.now();
  const m = oodMetrics(summary.std, summary.entropy.subarray(0, 5000));
  console.log(
    `oodMetrics 10k vs 5k: ${(performance.now() - start).toFixed(0)} ms (auroc ${m.auroc.toFixed(3)})`,
  );
  start = performance.now();
  const table = new RiskCoverage(
    summary.std,
    Array.from({ length: N }, (_, i) => i % 10 !== 0),
  );
  const built = performance.now() - start;
  start = performance.now();
  for (let k = 0; k < 10_000; k++) table.at(k / 10_000);
  console.log(
    `RiskCoverage build ${built.toFixed(0)} ms, 10k slider queries ${(performance.now() - start).toFixed(1)} ms; threshold p99 ${thresholdAtPercentile(summary.std, 99).toFixed(4)}`,
  );
}

void preprocessing().then(scores);

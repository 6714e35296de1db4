// Trains one preset in this process (no trainer child) and prints the model dir: for benches and
// the default-model script. Usage: npx tsx bench/train-preset.ts PRESET OUT_DIR [JSON overrides]
import { runTraining } from '../src/main/engine/train/trainer';
import { presetConfig } from '../src/main/engine/train/presets';

async function main(): Promise<void> {
  const [preset = 'article', out = 'tmp/models', overrides = '{}'] = process.argv.slice(2);
  const config = presetConfig(preset, JSON.parse(overrides) as object);
  const t0 = performance.now();
  const outcome = await runTraining({
    config,
    modelsDir: out,
    backend: 'tensorflow',
    onProgress: (p) => {
      if (p.metrics)
        console.error(
          `step ${p.step} test acc ${p.metrics.test.accuracy.toFixed(4)} ${p.stepsPerSecond.toFixed(0)} steps/s`,
        );
    },
  });
  console.log(JSON.stringify({ ...outcome, seconds: (performance.now() - t0) / 1000 }));
  if (outcome.status !== 'complete') process.exitCode = 1;
}

void main();

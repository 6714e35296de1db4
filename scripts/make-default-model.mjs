// Trains and calibrates the shipped default posterior into resources/default-model (seeded: the
// same backend gives the same posterior.safetensors bit for bit). Native TensorFlow backend.
// Usage: npm run make:default-model [-- --preset NAME (default DEFAULT_MODEL_PRESET)] [-- --out DIR]
//        [-- --from RUN_DIR]: install a finished `unsure train --preset NAME` run (no overrides, so
//        the same tensors this command trains) instead of training it again.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    preset: { type: 'string' },
    out: { type: 'string', default: path.join(root, 'resources', 'default-model') },
    from: { type: 'string' },
  },
});
process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
// The shipped posterior was trained with oneDNN's kernels on, the engine's default
// (src/main/engine/backend.ts): two runs on this machine give the same files bit for bit, and a
// run takes about 35 minutes on 2 cores where Eigen's kernels took hours. Another CPU's oneDNN may
// pick other kernels and round differently.
const jiti = createJiti(import.meta.url);
const { makeDefaultModel, installDefaultRun } = await jiti.import(
  '../src/main/engine/calibrate/default-model.ts',
);
const started = Date.now();
const outDir = path.resolve(values.out);
const cal = values.from
  ? await installDefaultRun(path.resolve(values.from), outDir, values.preset)
  : await makeDefaultModel({ outDir, preset: values.preset, onLog: (line) => console.log(line) });
const sets = Object.entries(cal.ood)
  .map(([id, m]) => `${id} AUROC ${m.auroc.toFixed(3)} (rejects ${(100 * m.rejected).toFixed(1)}%)`)
  .join(', ');
console.log(
  `default model in ${values.out}: test accuracy ${cal.testAccuracy.toFixed(4)}, score ${cal.score}, ` +
    `threshold ${cal.threshold.toFixed(4)}; ${sets}; ${((Date.now() - started) / 1000).toFixed(0)} s`,
);

// Measures the engine's raw training throughput (steps/s) per estimator, no evaluation.
// UNSURE_BLOCK=K sets the updates per graph call (default 8; 1 = one call per update).
// Usage: npx tsx bench/step-speed.ts [tensorflow|wasm|cpu] [steps] [hidden, e.g. 64,64] [estimators] [batch]
import { mnistDataset } from '../src/main/engine/datasets/mnist';
import { loadBackend, type BackendPreference } from '../src/main/engine/backend';
import { preferSingleThreadedOps } from '../src/main/engine/train/threads';
import { blockSize, openSession, runStep, runSteps } from '../src/main/engine/train/session';
import { TrainConfig } from '../src/shared/training';

async function main(): Promise<void> {
  const pref = (process.argv[2] ?? 'tensorflow') as BackendPreference;
  const steps = Number(process.argv[3] ?? 2000);
  const hidden = (process.argv[4] ?? '64,64').split(',').map(Number);
  const estimators = (process.argv[5] ?? 'weight,local').split(',');
  const batchSize = Number(process.argv[6] ?? 128);
  preferSingleThreadedOps();
  const { tf, backend } = await loadBackend(pref);
  for (const estimator of estimators) {
    const config = TrainConfig.parse({ hidden, estimator, batchSize, trainEvalSize: 100 });
    const session = await openSession(tf, config, mnistDataset);
    for (let t = 0; t < 50; t++) runStep(session, t);
    const before = tf.memory().numTensors;
    const t0 = performance.now();
    const block = blockSize(session);
    for (let t = 50; t < 50 + steps; t += block) runSteps(session, t, block);
    session.trainer.priorTerm(); // reads the parameters: waits for the backend
    const secs = (performance.now() - t0) / 1000;
    console.log(
      JSON.stringify({
        backend,
        estimator,
        step: 'mode' in session.trainer ? String(session.trainer.mode) : null,
        block: blockSize(session),
        hidden,
        batch: config.batchSize,
        steps_per_second: Math.round(steps / secs),
        ms_per_step: Number(((secs / steps) * 1000).toFixed(3)),
        leaked_tensors: tf.memory().numTensors - before,
      }),
    );
    session.dispose();
  }
}

void main();

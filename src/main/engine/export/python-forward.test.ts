// A NumPy forward pass written from docs/posterior-format.md alone (tests/python/forward.py) gives
// the app's mean probabilities for an export of every family and architecture: the format says
// enough to use a model without the app.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type * as TF from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { TrainConfig, type TrainConfigInput } from '../../../shared/training';
import { loadBackend } from '../backend';
import { loadMnistPixels, loadMnistRaw } from '../data/mnist';
import { contextFor, familyFor } from '../families';
import { fakeMeta } from '../store/fixtures';
import { writeMetrics, writeModelJson, writePosterior } from '../store/model-folder';
import { exportModel } from './index';

const script = path.resolve(__dirname, '../../../../tests/python/forward.py');
const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
const pythonMissing = probe.error || probe.status !== 0;
if (pythonMissing) console.log('skipping the NumPy forward-pass test: python3 with numpy is missing');

const root = await fs.mkdtemp(path.join(os.tmpdir(), 'unsure-py-forward-'));
afterAll(() => fs.rm(root, { recursive: true, force: true }));

const DIGITS = 8;
const STEPS = 5;

const CASES: [string, TrainConfigInput][] = [
  ['mean-field MLP', { family: 'mfvi', hidden: [16, 12] }],
  ['mean-field CNN', { family: 'mfvi', arch: 'cnn', conv: [4, 6], hidden: [12] }],
  ['point MLP', { family: 'point', hidden: [16] }],
  ['MC-dropout CNN', { family: 'dropout', arch: 'cnn', conv: [4], hidden: [8], dropout: 0.5 }],
  ['last-layer Laplace MLP', { family: 'laplace', hidden: [16] }],
  ['ensemble of 3 point CNNs', { family: 'point', arch: 'cnn', conv: [3], hidden: [8], members: 3 }],
];

describe.skipIf(pythonMissing)('NumPy forward pass of an export', () => {
  it.each(CASES)('reproduces the app’s mean probabilities: %s', async (name, input) => {
    const { tf } = await loadBackend('auto');
    const config = TrainConfig.parse({ ...input, learningRate: 0.01, batchSize: 32 });
    const family = familyFor(config);
    const ctx = contextFor(config);
    // A few updates on real digits, so biases and every tensor hold trained, non-zero values.
    const trainer = await family.openTrainer(tf, ctx);
    const pixels = loadMnistPixels('test');
    const labels = loadMnistRaw('test').labels;
    for (let s = 0; s < STEPS; s++) {
      tf.tidy(() => {
        const x = tf.tensor2d(pixels.subarray(s * 32 * 784, (s + 1) * 32 * 784), [32, 784]);
        const classes = tf.tensor1d(Array.from(labels.subarray(s * 32, (s + 1) * 32)), 'int32');
        trainer.step(x, tf.cast(tf.oneHot(classes, 10), 'float32') as TF.Tensor2D, s + 1);
      });
    }
    const { model } = trainer.save();
    trainer.dispose();

    const dir = path.join(root, name.toLowerCase().replace(/[^a-z0-9]+/g, '-'));
    await fs.mkdir(dir, { recursive: true });
    writePosterior(dir, config, STEPS, model);
    writeMetrics(dir, []);
    writeModelJson(dir, { ...fakeMeta({ id: path.basename(dir) }), config, step: STEPS });
    const file = `${dir}.safetensors`;
    const exported = await exportModel(dir, file, '1');
    if (!exported.ok) throw new Error(exported.error.message);

    const digits = pixels.slice(1000 * 784, (1000 + DIGITS) * 784);
    const input32 = path.join(root, `${path.basename(dir)}.f32`);
    await fs.writeFile(input32, new Uint8Array(digits.buffer));
    const run = spawnSync('python3', [script, file, input32], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const numpy = JSON.parse(run.stdout) as number[][];

    const predictor = family.predictor(tf, ctx, model);
    const app = tf
      .tidy(() => tf.softmax(predictor.meanLogits(tf.tensor2d(digits, [DIGITS, 784]))))
      .arraySync();
    predictor.dispose();
    expect(numpy).toHaveLength(DIGITS);
    numpy.forEach((row, r) =>
      row.forEach((p, c) =>
        expect(Math.abs(p - app[r]![c]!), `${name} digit ${r} class ${c}`).toBeLessThan(1e-5),
      ),
    );
    // Not a trivially uniform answer: the few updates already moved the probabilities apart.
    expect(Math.max(...numpy.flat()) - Math.min(...numpy.flat())).toBeGreaterThan(0.02);
  });
});

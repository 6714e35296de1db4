// Reads an exported file with tests/python/read_posterior.py (json + numpy only) and checks that
// Python sees exactly the arrays the app wrote.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFakeModel } from '../store/fixtures';
import { loadModel } from '../store/index';
import { exportModel } from './index';

const script = path.resolve(__dirname, '../../../../tests/python/read_posterior.py');
const probe = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
const pythonMissing = probe.error
  ? 'python3 is not installed'
  : probe.status !== 0
    ? 'numpy is not installed for python3'
    : null;
if (pythonMissing) console.log(`skipping the NumPy reader test: ${pythonMissing}`);

interface PySummary {
  metadata: Record<string, string>;
  hidden: number[];
  metric_steps: number[];
  tensors: Record<string, { shape: number[]; sum: number; abs_sum: number; first: number[]; last: number }>;
}

const root = await fs.mkdtemp(path.join(os.tmpdir(), 'unsure-py-'));
afterAll(() => fs.rm(root, { recursive: true, force: true }));

describe.skipIf(pythonMissing !== null)('NumPy reader', () => {
  it('reads the same tensors, shapes and metadata the app exported', async () => {
    const dir = await writeFakeModel(root, { id: 'py', hidden: [16, 8], seed: 7 });
    const file = path.join(root, 'py.safetensors');
    expect((await exportModel(dir, file, '0.1.0')).ok).toBe(true);
    const run = spawnSync('python3', [script, file], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const py = JSON.parse(run.stdout) as PySummary;
    const model = await loadModel(dir);
    expect(py.hidden).toEqual([16, 8]);
    expect(py.metric_steps).toEqual(model.metrics.map((m) => m.step));
    expect(py.metadata).toMatchObject({ format: 'unsure-posterior', version: '1', name: model.meta.name });
    expect(Object.keys(py.tensors)).toEqual(model.posterior.map((t) => t.name));
    for (const t of model.posterior) {
      const seen = py.tensors[t.name]!;
      let sum = 0;
      let absSum = 0;
      for (const v of t.data) {
        sum += v;
        absSum += Math.abs(v);
      }
      expect(seen.shape, t.name).toEqual(t.shape);
      expect(seen.first, t.name).toEqual(Array.from(t.data.subarray(0, 3)));
      expect(seen.last, t.name).toBe(t.data[t.data.length - 1]);
      // NumPy sums pairwise, JS sequentially: equal to ~1e-12 relative, far below any real difference.
      expect(Math.abs(seen.sum - sum)).toBeLessThan(1e-9 * Math.max(1, absSum));
      expect(Math.abs(seen.abs_sum - absSum)).toBeLessThan(1e-9 * Math.max(1, absSum));
    }
  });
});

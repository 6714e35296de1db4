import { expect, it } from 'vitest';
import { loadBackend } from './backend';

// Vitest runs each file in its own process, so this file sees a fresh backend choice.
it('falls back to WASM, and says why, when native TensorFlow cannot load', async () => {
  process.env.UNSURE_DISABLE_NATIVE = '1';
  const { tf, backend, reason } = await loadBackend('auto');
  expect(backend).toBe('wasm');
  expect(reason).toMatch(/native TensorFlow unavailable .*UNSURE_DISABLE_NATIVE.*using WASM/);
  expect(tf.tidy(() => tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])).dataSync())).toEqual(
    new Float32Array([3, 3, 3, 3]),
  );
});

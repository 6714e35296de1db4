import { describe, expect, it } from 'vitest';
import { loadBackend } from './backend';

describe('loadBackend', () => {
  it('loads a working backend and says why', async () => {
    const { tf, backend, reason } = await loadBackend();
    expect(['tensorflow', 'wasm', 'cpu']).toContain(backend);
    expect(reason.length).toBeGreaterThan(10);
    const sum = tf.tidy(() => tf.add(tf.scalar(2), tf.scalar(3)).dataSync()[0]);
    expect(sum).toBe(5);
  });

  // CI sets UNSURE_EXPECT_BACKEND=tensorflow where the TensorFlow wheel is reachable: a silent
  // fallback to WASM there is a broken install, not a choice.
  it.runIf(process.env.UNSURE_EXPECT_BACKEND)('runs on the backend CI expects', async () => {
    const { backend, reason } = await loadBackend();
    expect({ backend, reason }).toMatchObject({ backend: process.env.UNSURE_EXPECT_BACKEND });
  });

  it('refuses to switch backends within one process', async () => {
    const { backend } = await loadBackend();
    const other = backend === 'cpu' ? 'wasm' : 'cpu';
    await expect(loadBackend(other)).rejects.toThrow(/already loaded/);
  });
});

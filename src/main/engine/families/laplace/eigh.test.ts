import { describe, expect, it } from 'vitest';
import { Rng } from '../../bnn/rng';
import { symmetricEigen } from './eigh';

describe('symmetricEigen', () => {
  it('decomposes a random symmetric matrix: V diag(λ) Vᵀ rebuilds it and V is orthonormal', () => {
    const n = 40;
    const rng = new Rng(5);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal();
    const { values, vectors: v } = symmetricEigen(a, n);
    let worst = 0;
    let worstOrtho = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let rebuilt = 0;
        let dot = 0;
        for (let k = 0; k < n; k++) {
          rebuilt += v[i * n + k]! * values[k]! * v[j * n + k]!;
          dot += v[k * n + i]! * v[k * n + j]!;
        }
        worst = Math.max(worst, Math.abs(rebuilt - a[i * n + j]!));
        worstOrtho = Math.max(worstOrtho, Math.abs(dot - (i === j ? 1 : 0)));
      }
    }
    expect(worst).toBeLessThan(1e-10);
    expect(worstOrtho).toBeLessThan(1e-10);
  });
});

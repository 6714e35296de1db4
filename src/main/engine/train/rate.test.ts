import { describe, expect, it } from 'vitest';
import { ETA_MIN_MS, StepRate } from './rate';

describe('StepRate', () => {
  it('gives no ETA until a few updates over a few seconds have been timed', () => {
    const rate = new StepRate();
    rate.restart(0, 0);
    // A slow first interval (warm-up) must not produce the wild first estimate.
    rate.update(10, 1000);
    expect(rate.eta(1000)).toBeNull();
    rate.update(110, 1250);
    expect(rate.eta(1000)).toBeNull();
    let t = 1250;
    let step = 110;
    while (t < ETA_MIN_MS + 1000) {
      t += 250;
      step += 100;
      rate.update(step, t);
    }
    const eta = rate.eta(4000);
    expect(eta).not.toBeNull();
    // 400 steps/s once warm: the estimate approaches 10 s for 4000 steps.
    expect(eta!).toBeGreaterThan(9);
    expect(eta!).toBeLessThan(15);
  });

  it('does not count a pause as running time', () => {
    const rate = new StepRate();
    rate.restart(0, 0);
    for (let i = 1; i <= 20; i++) rate.update(i * 100, i * 250);
    const before = rate.perSecond;
    rate.restart(2000, 60_000); // resumed a minute later
    rate.update(2100, 60_250);
    expect(rate.perSecond).toBeCloseTo(before, 5);
  });
});

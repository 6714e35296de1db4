// Training speed as the progress bar shows it: a moving average of steps per second, and an ETA
// only once enough running time has been timed (the first intervals include warm-up and are far
// slower than the rest, which made a 55 s run first announce 19 minutes).

/** Running time and rate updates needed before an ETA is given. */
export const ETA_MIN_MS = 3000;
export const ETA_MIN_UPDATES = 3;

/** Steps per second over running time only (pauses excluded), with an ETA once it can be trusted. */
export class StepRate {
  perSecond = 0;
  private lastTime = 0;
  private lastStep = 0;
  private measuredMs = 0;
  private updates = 0;

  /** Starts timing at `step` (also after a pause, so the pause is not counted as slow steps). */
  restart(step: number, time: number): void {
    this.lastTime = time;
    this.lastStep = step;
  }

  /** True when at least `intervalMs` passed since the last update. */
  due(time: number, intervalMs: number): boolean {
    return time - this.lastTime >= intervalMs;
  }

  /** Folds the steps done since the last update into the average. */
  update(step: number, time: number): void {
    const elapsed = Math.max(time - this.lastTime, 1e-6);
    const instant = ((step - this.lastStep) * 1000) / elapsed;
    this.perSecond = this.updates === 0 ? instant : 0.7 * this.perSecond + 0.3 * instant;
    this.measuredMs += elapsed;
    this.updates += 1;
    this.restart(step, time);
  }

  /** Seconds left for `remaining` steps, or null while the rate is not yet known well enough. */
  eta(remaining: number): number | null {
    if (this.updates < ETA_MIN_UPDATES || this.measuredMs < ETA_MIN_MS || this.perSecond <= 0) return null;
    return remaining / this.perSecond;
  }
}

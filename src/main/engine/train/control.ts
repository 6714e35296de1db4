// Pause/resume flag a training loop polls between steps, with a promise to wait on while paused.

/** Pause/resume switch for runTraining; stop is an AbortSignal. */
export class TrainControl {
  private pausedFlag = false;
  private waiters: (() => void)[] = [];

  get paused(): boolean {
    return this.pausedFlag;
  }

  /** Asks the loop to pause after the current step (it checkpoints, then waits). */
  pause(): void {
    this.pausedFlag = true;
  }

  /** Lets a paused loop continue. */
  resume(): void {
    this.pausedFlag = false;
    this.wake();
  }

  /** Wakes waiters without resuming (used when a stop arrives during a pause). */
  wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((w) => w());
  }

  /** Resolves when resumed or when `signal` aborts. */
  waitUntilResumed(signal?: AbortSignal): Promise<void> {
    if (!this.pausedFlag || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.push(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}

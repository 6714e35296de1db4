// listRuns must give back each run's whole metrics history, so a reloaded Train view redraws full
// curves. A scripted trainer channel stands in for the trainer process: no tensors, no MNIST.
import { describe, expect, it } from 'vitest';
import { RUN_HISTORY_LIMIT, type RunSummary } from '../../shared/api/train';
import type { TrainerCommand } from '../../shared/trainer-protocol';
import type { MetricsRecord } from '../../shared/training';
import type { TrainerChannel } from '../engine/train/client';
import type { AppContext } from './context';
import { dispatch, EventHub } from './dispatch';
import { createHandlers } from './handlers';

const MODEL_DIR = '/tmp/unsure-fake-models/fake-model';

function record(step: number, accuracy = 0.5): MetricsRecord {
  const split = { accuracy, elbo: -1, log_likelihood: -1, kl_divergence: 1, mean_approximate_evidence: 0.9 };
  return { step, train: split, test: split, seconds: step / 100 };
}

function progress(step: number, metrics: MetricsRecord | null, status = 'running'): unknown {
  const base = { runId: 'trainer-own-id', totalSteps: 1000, stepsPerSecond: 100, etaSeconds: 1 };
  const rest = { backend: 'fake', modelDir: MODEL_DIR, error: null };
  return { type: 'progress', progress: { ...base, ...rest, status, step, metrics } };
}

function outcome(status: 'complete' | 'stopped', step: number): unknown {
  return {
    type: 'outcome',
    outcome: { runId: 'x', modelDir: MODEL_DIR, status, step, final: null, error: null },
  };
}

/** A trainer channel that answers each start/resume-from command with the scripted messages. */
function scriptedChannel(script: (command: TrainerCommand) => unknown[]): TrainerChannel {
  const listeners: ((message: unknown) => void)[] = [];
  const deliver = (message: unknown): void => listeners.forEach((listen) => listen(message));
  setImmediate(() => deliver({ type: 'ready', pid: 1 }));
  return {
    send: (command) => setImmediate(() => script(command).forEach(deliver)),
    onMessage: (listener) => listeners.push(listener),
    onExit: () => undefined,
    kill: () => undefined,
    pid: 1,
  };
}

/** Handlers whose trainers follow `script`, a wait for the n-th finished trainer, and listRuns. */
function setup(script: (command: TrainerCommand) => unknown[]) {
  const events = new EventHub();
  // The manager announces a new model once per trainer outcome: count those to know a run ended.
  let outcomes = 0;
  events.add((event) => {
    if (event === 'modelsChanged') outcomes++;
  });
  const ctx: AppContext = {
    appVersion: '0.0.0-test',
    transport: 'web',
    dataRoot: '/tmp/unsure-fake-root',
    resourcesDir: '/tmp/unsure-fake-root',
    events,
    dialogs: null,
    spawnTrainer: () => scriptedChannel(script),
  };
  const handlers = createHandlers(ctx);
  const untilEnded = async (count: number): Promise<void> => {
    await expect.poll(() => outcomes).toBe(count);
  };
  const listRuns = async (): Promise<RunSummary[]> => {
    const result = await dispatch(handlers, 'listRuns', []);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as RunSummary[];
  };
  return { handlers, untilEnded, listRuns };
}

/** Progress with a metrics record every 10 steps from 0 to `last`, with plain progress in between. */
function logged(from: number, last: number): unknown[] {
  const messages: unknown[] = [];
  for (let step = from; step <= last; step += 10) {
    messages.push(progress(step, record(step)));
    if (step < last) messages.push(progress(step + 5, null));
  }
  return messages;
}

describe('listRuns history', () => {
  it('returns every metrics record of a run with several log intervals, not just the last', async () => {
    const { handlers, untilEnded, listRuns } = setup(() => [
      progress(0, null, 'starting'),
      ...logged(0, 40),
      progress(40, record(40), 'done'),
      outcome('complete', 40),
    ]);
    expect(await dispatch(handlers, 'startTraining', [{ steps: 40, logEvery: 10 }])).toMatchObject({
      ok: true,
      value: { runId: 'run-1' },
    });
    await untilEnded(1);
    const [run] = await listRuns();
    expect(run).toMatchObject({ runId: 'run-1', status: 'done', metrics: { step: 40 } });
    expect(run?.history.map((r) => r.step)).toEqual([0, 10, 20, 30, 40]);
  });

  it('drops records past the checkpoint when a stopped run resumes from it', async () => {
    const { handlers, untilEnded, listRuns } = setup((command) =>
      command.type === 'start'
        ? [...logged(0, 30), progress(35, null, 'stopped'), outcome('stopped', 35)]
        : [
            progress(20, null, 'starting'),
            progress(30, record(30, 0.9)),
            progress(40, record(40, 0.9), 'done'),
            outcome('complete', 40),
          ],
    );
    await dispatch(handlers, 'startTraining', [{ steps: 40 }]);
    await untilEnded(1);
    expect((await listRuns())[0]?.history.map((r) => r.step)).toEqual([0, 10, 20, 30]);
    expect(await dispatch(handlers, 'resumeTraining', [{ runId: 'run-1' }])).toMatchObject({ ok: true });
    await untilEnded(2);
    const history = (await listRuns())[0]?.history ?? [];
    expect(history.map((r) => [r.step, r.test.accuracy])).toEqual([
      [0, 0.5],
      [10, 0.5],
      [20, 0.5],
      [30, 0.9],
      [40, 0.9],
    ]);
  });

  it(`keeps only the newest ${RUN_HISTORY_LIMIT} records of a very long run`, async () => {
    const last = (RUN_HISTORY_LIMIT + 99) * 10;
    const { handlers, untilEnded, listRuns } = setup(() => [...logged(0, last), outcome('complete', last)]);
    await dispatch(handlers, 'startTraining', [{ steps: last }]);
    await untilEnded(1);
    const history = (await listRuns())[0]?.history ?? [];
    expect(history).toHaveLength(RUN_HISTORY_LIMIT);
    expect(history[0]?.step).toBe(1000);
    expect(history.at(-1)?.step).toBe(last);
  });
});

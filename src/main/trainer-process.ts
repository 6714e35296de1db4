// Entry of the trainer process (a separate bundle entry). Runs one training at a time and streams
// TrainerEvents; accepts TrainerCommands. Works as a node child_process (process.send) and as an
// Electron utilityProcess (process.parentPort) — the messages are the same JSON objects.
import { TrainerCommand, type TrainerEvent } from '../shared/trainer-protocol';
import { toApiError } from '../shared/result';
import { TrainControl } from './engine/train/control';
import { runTraining, type RunTrainingOptions } from './engine/train/trainer';
import { calibrateModelDir } from './engine/calibrate';
import { preferSingleThreadedOps } from './engine/train/threads';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

preferSingleThreadedOps();

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

/** Sends an event; resolves once it has left this process (so exiting after it loses nothing). */
function send(event: TrainerEvent): Promise<void> {
  if (parentPort) {
    parentPort.postMessage(event);
    // Posting only queues the message: give it a turn of the event loop to go out.
    return new Promise((resolve) => setImmediate(resolve));
  }
  return new Promise((resolve) => {
    if (!process.send?.(event, undefined, {}, () => resolve())) resolve();
  });
}

function onMessage(listener: (message: unknown) => void): void {
  if (parentPort) parentPort.on('message', (e) => listener(e.data));
  else process.on('message', listener);
}

let running = false;
let exitAfterRun = false;
const control = new TrainControl();
let abort = new AbortController();

type TrainOptions = Omit<RunTrainingOptions, 'onProgress' | 'signal' | 'control' | 'onSaved'>;

async function train(options: TrainOptions): Promise<void> {
  running = true;
  abort = new AbortController();
  control.resume();
  const outcome = await runTraining({
    ...options,
    control,
    signal: abort.signal,
    onProgress: (progress) => void send({ type: 'progress', progress }),
    onSaved: (modelDir) => calibrate(modelDir, options),
  });
  running = false;
  await send({ type: 'outcome', outcome });
  if (exitAfterRun) process.exit(0);
}

function stopRun(): void {
  abort.abort();
  control.wake();
}

/** A saved model (complete or stopped) is calibrated before 'done' is sent, so it can `check` at once. */
async function calibrate(modelDir: string, { backend, dataRoot }: TrainOptions): Promise<void> {
  try {
    await calibrateModelDir(modelDir, { backend, dataRoot });
  } catch (error) {
    // The model is trained and saved; without a calibration it can still be calibrated later.
    const { code, message } = toApiError(error, 'calibration_failed');
    process.stderr.write(`unsure: calibration of ${modelDir} failed (${code}): ${message}\n`);
  }
}

function handle(raw: unknown): void {
  const parsed = TrainerCommand.safeParse(raw);
  if (!parsed.success) {
    void send({
      type: 'error',
      error: { code: 'bad_message', message: `invalid trainer command: ${parsed.error.message}` },
    });
    return;
  }
  const cmd = parsed.data;
  if ((cmd.type === 'start' || cmd.type === 'resume-from') && running) {
    void send({
      type: 'error',
      error: { code: 'busy', message: 'a training is already running in this process' },
    });
    return;
  }
  const fail = (error: unknown) => void send({ type: 'error', error: toApiError(error, 'train_failed') });
  switch (cmd.type) {
    case 'start':
      train({
        config: cmd.config,
        modelsDir: cmd.modelsDir,
        dataRoot: cmd.dataRoot,
        name: cmd.name,
        backend: cmd.backend,
        startFrom: cmd.startFrom,
      }).catch(fail);
      break;
    case 'resume-from':
      train({ resumeFrom: cmd.modelDir, backend: cmd.backend }).catch(fail);
      break;
    case 'pause':
      control.pause();
      break;
    case 'resume':
      control.resume();
      break;
    case 'stop':
      stopRun();
      break;
  }
}

// SIGTERM (a logout, `kill`, a service manager) ends a run like Ctrl+C: final checkpoint, `stopped`.
process.on('SIGTERM', () => {
  if (!running) process.exit(0);
  exitAfterRun = true;
  stopRun();
});

onMessage(handle);
// A forked trainer whose parent went away has no one to report to.
if (!parentPort) process.on('disconnect', () => process.exit(0));
void send({ type: 'ready', pid: process.pid });

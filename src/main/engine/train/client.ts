// Parent side of the trainer process: spawns it (node child_process.fork by default; Electron can
// pass a utilityProcess-backed channel), sends TrainerCommands and re-emits parsed TrainerEvents.
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { TrainerEvent, type TrainOutcome, type TrainerCommand } from '../../../shared/trainer-protocol';
import type { TrainConfigInput, TrainProgress } from '../../../shared/training';
import type { BackendPreference } from '../backend';
import { findEntry } from '../entry';

/** A message pipe to a trainer process (child_process or Electron utilityProcess). */
export interface TrainerChannel {
  send(command: TrainerCommand): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(signal?: NodeJS.Signals): void;
  readonly pid: number | undefined;
}

/** Where the trainer entry is (see findEntry); its TS source runs through tsx. */
export function defaultTrainerEntry(from = __dirname): { entry: string; execArgv: string[] } {
  const { file, bundled } = findEntry('trainer-process', from);
  return { entry: file, execArgv: bundled ? [] : ['--import', 'tsx'] };
}

/**
 * Forks the trainer entry as a node child process with an IPC channel. `detached` puts it in its
 * own process group, so a terminal's Ctrl+C reaches only the parent, which then stops it cleanly.
 */
export function forkTrainer(entry = defaultTrainerEntry(), { detached = false } = {}): TrainerChannel {
  const child = fork(entry.entry, [], {
    execArgv: entry.execArgv,
    detached,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2' },
  });
  return {
    send: (command) => child.send(command),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', listener),
    kill: (signal) => child.kill(signal),
    get pid() {
      return child.pid;
    },
  };
}

export interface TrainerClientEvents {
  progress: [TrainProgress];
  outcome: [TrainOutcome];
  error: [{ code: string; message: string }];
  exit: [number | null, string | null];
}

/** Drives one trainer process: start or resume a run, pause/resume/stop it, await its outcome. */
export class TrainerClient extends EventEmitter<TrainerClientEvents> {
  private readonly channel: TrainerChannel;
  private ready: Promise<void>;
  private exited = false;

  constructor(channel: TrainerChannel = forkTrainer()) {
    super();
    this.channel = channel;
    this.ready = new Promise((resolve, reject) => {
      channel.onExit(() => reject(new Error('trainer process exited before it was ready')));
      channel.onMessage((raw) => {
        const parsed = TrainerEvent.safeParse(raw);
        if (!parsed.success) {
          this.emit('error', { code: 'bad_message', message: 'the trainer sent an invalid message' });
          return;
        }
        const event = parsed.data;
        if (event.type === 'ready') resolve();
        else if (event.type === 'progress') this.emit('progress', event.progress);
        else if (event.type === 'outcome') this.emit('outcome', event.outcome);
        else this.emit('error', event.error);
      });
    });
    channel.onExit((code, signal) => {
      this.exited = true;
      this.emit('exit', code, signal);
    });
  }

  get pid(): number | undefined {
    return this.channel.pid;
  }

  /** Starts a new run in `modelsDir`; resolves with its outcome (rejects if the process dies first). */
  async start(
    config: TrainConfigInput,
    modelsDir: string,
    opts: { name?: string; backend?: BackendPreference; dataRoot?: string; startFrom?: string } = {},
  ): Promise<TrainOutcome> {
    return this.run({ type: 'start', config, modelsDir, ...opts });
  }

  /** Resumes the run in `modelDir` from its checkpoint. */
  async resumeFrom(modelDir: string, backend?: BackendPreference): Promise<TrainOutcome> {
    return this.run({ type: 'resume-from', modelDir, backend });
  }

  pause(): void {
    this.sendIfAlive({ type: 'pause' });
  }

  resume(): void {
    this.sendIfAlive({ type: 'resume' });
  }

  /** Stops after the current step; the run checkpoints and its outcome is 'stopped'. */
  stop(): void {
    this.sendIfAlive({ type: 'stop' });
  }

  /** Ends the process (SIGTERM by default). */
  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (!this.exited) this.channel.kill(signal);
  }

  private sendIfAlive(command: TrainerCommand): void {
    if (!this.exited) this.channel.send(command);
  }

  private async run(command: TrainerCommand): Promise<TrainOutcome> {
    await this.ready;
    return new Promise((resolve, reject) => {
      const onOutcome = (outcome: TrainOutcome) => {
        this.off('exit', onExit);
        resolve(outcome);
      };
      const onExit = (code: number | null, signal: string | null) => {
        this.off('outcome', onOutcome);
        reject(new Error(`trainer process exited (code ${code}, signal ${signal}) before finishing`));
      };
      this.once('outcome', onOutcome);
      this.once('exit', onExit);
      this.channel.send(command);
    });
  }
}

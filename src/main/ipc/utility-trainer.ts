// In the desktop app, training runs in an Electron utility process speaking the same protocol.
import path from 'node:path';
import { utilityProcess } from 'electron';
import type { TrainerChannel } from '../engine/train/client';

/** Starts out/main/trainer-process.js as a utility process and wraps it as a TrainerChannel. */
export function spawnUtilityTrainer(): TrainerChannel {
  const child = utilityProcess.fork(path.join(__dirname, 'trainer-process.js'), [], {
    serviceName: 'Unsure trainer',
    stdio: 'inherit',
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
  });
  return {
    send: (command) => child.postMessage(command),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code) => listener(code, null)),
    kill: () => void child.kill(),
    get pid() {
      return child.pid;
    },
  };
}

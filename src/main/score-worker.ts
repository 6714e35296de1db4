// Entry of the scoring worker thread (a separate bundle entry, like trainer-process.ts).
import { parentPort } from 'node:worker_threads';
import { serveScoring } from './engine/uncertainty/score-worker';

if (parentPort) serveScoring(parentPort);

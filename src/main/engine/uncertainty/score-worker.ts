// The worker's side: runs summarisePosterior (the one scoring loop), an import or a calibration for
// each command on its own thread, so the process that answers requests never waits for TensorFlow,
// the summing, or the decoding, probing and writing of a large posterior.
import { modelDataset } from '../../../shared/model';
import type { MessagePort } from 'node:worker_threads';
import { CodedError, toApiError } from '../../../shared/result';
import { loadBackend } from '../backend';
import { calibrateModelDir } from '../calibrate';
import { decodeExport, importModelBytes } from '../export';
import { datasetOfModel, datasetResolver } from '../datasets/resolve';
import { openDataset } from '../datasets/store';
import { datasetAsSet } from '../ood/reference-sets';
import type { LoadedModel } from '../store';
import { calibrationSplit } from '../evaluate/calibration-split';
import { loadOodSet } from '../ood/sets';
import { loadModel } from '../store';
import { readModelMeta, readPosterior } from '../store/load';
import { tensorsDigest } from '../families/tensors';
import { summarisePosterior } from '../verdicts';
import type { PixelRows } from './predict';
import {
  ScoreCommand,
  summaryBuffers,
  type ImportTwin,
  type ScoreEvent,
  type ScoreInputs,
} from './score-protocol';

/** Progress is sent at most this often (fraction steps), so the parent is not flooded. */
const PROGRESS_STEP = 0.01;

type Job = Extract<ScoreCommand, { type: 'score' }>;
type Send = (event: ScoreEvent, transfer?: ArrayBuffer[]) => void;

async function readInputs(inputs: ScoreInputs, model: LoadedModel): Promise<PixelRows> {
  if ('split' in inputs) {
    const dataset = await datasetOfModel(datasetResolver(inputs.dataRoot), modelDataset(model.meta));
    const { split } = inputs;
    return split === 'calibration' ? calibrationSplit(dataset).pixels : dataset.split(split).pixels;
  }
  if ('otherDataset' in inputs) {
    const other = await openDataset(inputs.dataRoot, inputs.otherDataset);
    return datasetAsSet(other, modelDataset(model.meta).shape).pixels;
  }
  if ('pixels' in inputs) return inputs.pixels;
  const set = loadOodSet(inputs.oodSet, inputs.dir);
  if (!set.ok) throw new CodedError(set.error.code, set.error.message);
  return set.value.pixels;
}

async function run(port: MessagePort, job: Job, signal: AbortSignal): Promise<void> {
  const send = (event: ScoreEvent, transfer: ArrayBuffer[] = []) => port.postMessage(event, transfer);
  let sent = 0;
  try {
    const { tf } = await loadBackend();
    const model = await loadModel(job.modelDir);
    const inputs = await readInputs(job.inputs, model);
    const summary = await summarisePosterior(tf, model, inputs, job.samples, {
      signal,
      onProgress: (done, total) => {
        const fraction = done / total;
        if (fraction - sent < PROGRESS_STEP && fraction < 1) return;
        sent = fraction;
        send({ type: 'progress', id: job.id, fraction });
      },
    });
    send({ type: 'done', id: job.id, summary }, summaryBuffers(summary));
  } catch (error) {
    send({ type: 'error', id: job.id, error: toApiError(error, 'scoring_failed') });
  }
}

/** The name of the stored model whose weights equal the export's, or null (an invalid file: the import says why). */
async function twinOf(bytes: Uint8Array, twins: readonly ImportTwin[]): Promise<string | null> {
  let digest: string;
  try {
    digest = tensorsDigest(decodeExport(bytes).tensors);
  } catch {
    return null;
  }
  for (const twin of twins) {
    const tensors = await readModelMeta(twin.dir)
      .then((meta) => readPosterior(twin.dir, meta.config, modelDataset(meta)))
      .catch(() => null);
    if (tensors && tensorsDigest(tensors) === digest) return twin.name;
  }
  return null;
}

/** Imports or calibrates as `command` asks; its outcome is sent as one event. */
async function runOther(send: Send, command: Extract<ScoreCommand, { type: 'import' | 'calibrate' }>) {
  const { id } = command;
  try {
    if (command.type === 'calibrate') {
      await calibrateModelDir(command.modelDir, command.dataRoot ? { dataRoot: command.dataRoot } : {});
      send({ type: 'calibrated', id });
      return;
    }
    const twin = await twinOf(command.bytes, command.twins);
    if (twin)
      throw new CodedError(
        'already_imported',
        `it holds the same posterior as “${twin}”, already in the list`,
      );
    const imported = await importModelBytes(command.root, command.bytes, new Date(command.now));
    if (imported.ok)
      send({ type: 'imported', id, model: { id: imported.value.id, dir: imported.value.dir } });
    else send({ type: 'error', id, error: imported.error });
  } catch (error) {
    send({ type: 'error', id, error: toApiError(error) });
  }
}

/** Serves score, import, calibrate and cancel commands arriving on `port` (the worker's parentPort). */
export function serveScoring(port: MessagePort): void {
  const running = new Map<number, AbortController>();
  port.on('message', (raw: unknown) => {
    const parsed = ScoreCommand.safeParse(raw);
    if (!parsed.success) return;
    const command = parsed.data;
    if (command.type === 'cancel') {
      running.get(command.id)?.abort();
      return;
    }
    if (command.type !== 'score') {
      void runOther((event, transfer = []) => port.postMessage(event, transfer), command);
      return;
    }
    const abort = new AbortController();
    running.set(command.id, abort);
    void run(port, command, abort.signal).finally(() => running.delete(command.id));
  });
}

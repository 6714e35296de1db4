// The one API contract between the renderer and the Node side. Every request channel maps to a
// schema for its arguments (a tuple) and for its result value; every event channel to a payload
// schema. The preload, the WebSocket client, the handlers and `window.unsure` all derive from here.
import { z } from 'zod';
import { CheckRequest, CheckResponse } from './api/check';
import { DatasetImages, DatasetImagesQuery, DatasetSummary } from './api/dataset';
import {
  ExportModel,
  ExportResult,
  ImportModel,
  ModelHistory,
  ModelId,
  ModelSummary,
  RenameModel,
} from './api/models';
import { SystemInfo } from './api/system';
import { Preset, RunId, RunSummary, StartTrainingResult } from './api/train';
import {
  AddOodSetRequest,
  AddOodSetResult,
  TrainScores,
  UncertaintyReport,
  UncertaintyRequest,
} from './api/uncertainty';
import { TrainConfig, TrainProgress } from './training';
import type { Result } from './result';
import type { EventName, RequestName } from './channels';

function channel<A extends z.ZodTuple, R extends z.ZodType>(args: A, result: R) {
  return { args, result };
}
const none = z.tuple([]);

export const requestChannels = {
  getSystemInfo: channel(none, SystemInfo),
  getDatasetSummary: channel(none, DatasetSummary),
  getDatasetImages: channel(z.tuple([DatasetImagesQuery]), DatasetImages),
  listPresets: channel(none, z.array(Preset)),
  startTraining: channel(z.tuple([TrainConfig]), StartTrainingResult),
  pauseTraining: channel(z.tuple([RunId]), TrainProgress),
  resumeTraining: channel(z.tuple([RunId]), TrainProgress),
  stopTraining: channel(z.tuple([RunId]), TrainProgress),
  listRuns: channel(none, z.array(RunSummary)),
  listModels: channel(none, z.array(ModelSummary)),
  setActiveModel: channel(z.tuple([ModelId]), z.array(ModelSummary)),
  renameModel: channel(z.tuple([RenameModel]), z.array(ModelSummary)),
  deleteModel: channel(z.tuple([ModelId]), z.array(ModelSummary)),
  exportModel: channel(z.tuple([ExportModel]), ExportResult),
  importModel: channel(z.tuple([ImportModel]), ModelSummary),
  modelHistory: channel(z.tuple([ModelId]), ModelHistory),
  checkImages: channel(z.tuple([CheckRequest]), CheckResponse),
  getUncertaintyReport: channel(z.tuple([UncertaintyRequest]), UncertaintyReport),
  getTrainScores: channel(z.tuple([UncertaintyRequest]), TrainScores),
  addOodSet: channel(z.tuple([AddOodSetRequest]), AddOodSetResult),
} as const satisfies Record<RequestName, { args: z.ZodTuple; result: z.ZodType }>;

export const eventChannels = {
  trainingProgress: TrainProgress,
  modelsChanged: z.object({ reason: z.string() }),
} as const satisfies Record<EventName, z.ZodType>;

export type RequestChannels = typeof requestChannels;
/** Arguments as a caller may write them (defaults still to apply). */
export type RequestArgs<K extends RequestName> = z.input<RequestChannels[K]['args']>;
/** Arguments as a handler receives them, after parsing. */
export type ParsedArgs<K extends RequestName> = z.output<RequestChannels[K]['args']>;
export type RequestValue<K extends RequestName> = z.output<RequestChannels[K]['result']>;
export type EventPayload<E extends EventName> = z.output<(typeof eventChannels)[E]>;

/** What the renderer sees: one async function per request channel, and event subscription. */
export type UnsureApi = {
  [K in RequestName]: (...args: RequestArgs<K>) => Promise<Result<RequestValue<K>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export {
  EVENT_NAMES as eventNames,
  REQUEST_NAMES as requestNames,
  ipcChannel,
  isEventName,
  isRequestName,
} from './channels';
export type { EventName, RequestName };

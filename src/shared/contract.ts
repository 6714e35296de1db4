// The one API contract between the renderer and the Node side. Every request channel maps to a
// schema for its arguments (a tuple) and for its result value; every event channel to a payload
// schema. The preload, the WebSocket client, the handlers and `window.unsure` all derive from here.
import { z } from 'zod';
import { CheckRequest, CheckResponse } from './api/check';
import { CompareRequest, ModelComparison } from './api/compare';
import {
  ChosenFolder,
  DatasetImages,
  DatasetImagesQuery,
  DatasetImportProgress,
  DatasetList,
  DatasetRef,
  DatasetSummary,
  DatasetSummaryQuery,
  ImportDatasetRequest,
  ImportDatasetResult,
} from './api/dataset';
import {
  ExportModel,
  ExportResult,
  ImportModel,
  ModelHistory,
  ModelId,
  ModelSummary,
  RenameModel,
} from './api/models';
import {
  CHECK_REQUEST_BYTES,
  ENVELOPE_BYTES,
  MAX_IMAGE_BASE64,
  MAX_POSTERIOR_BYTES,
  OOD_SET_REQUEST_BYTES,
  SMALL_REQUEST_BYTES,
} from './api/limits';
import { SystemInfo } from './api/system';
import { MarkRequest, MarkedEntry, MarkedId, MarkedList } from './api/teach';
import { Preset, RunId, RunSummary, StartFrom, StartTrainingResult } from './api/train';
import {
  AddOodSetRequest,
  AddOodSetResult,
  CancelScoring,
  GuaranteeReport,
  GuaranteeRequest,
  ScoringProgress,
  OodSetId,
  OodSetImages,
  TrainScores,
  UncertaintyReport,
  UncertaintyRequest,
} from './api/uncertainty';
import { TrainConfig, TrainProgress } from './training';
import type { Result } from './result';
import type { EventName, RequestName } from './channels';

/** A request channel: its argument tuple, its result value and its largest request in bytes. */
function channel<A extends z.ZodTuple, R extends z.ZodType>(
  args: A,
  result: R,
  maxRequestBytes = SMALL_REQUEST_BYTES,
) {
  return { args, result, maxRequestBytes };
}
const none = z.tuple([]);

export const requestChannels = {
  getSystemInfo: channel(none, SystemInfo),
  getDatasetSummary: channel(z.tuple([DatasetSummaryQuery]), DatasetSummary),
  listDatasets: channel(none, DatasetList),
  getDatasetImages: channel(z.tuple([DatasetImagesQuery]), DatasetImages),
  /** Imports a folder on the engine's machine as a dataset; progress comes as `datasetImportProgress`. */
  importDataset: channel(z.tuple([ImportDatasetRequest]), ImportDatasetResult),
  cancelDatasetImport: channel(none, z.object({ cancelled: z.boolean() })),
  deleteDataset: channel(z.tuple([DatasetRef]), DatasetList),
  /** The native folder dialog (desktop app only). */
  chooseFolder: channel(none, ChosenFolder),
  listPresets: channel(none, z.array(Preset)),
  /**
   * A new run; `startFrom` names a finished model whose network it starts from (a teach run continuing it).
   * Null stands for absent: JSON turns an undefined argument into null on the web transport.
   */
  startTraining: channel(z.tuple([TrainConfig, StartFrom.nullish()]), StartTrainingResult),
  pauseTraining: channel(z.tuple([RunId]), TrainProgress),
  resumeTraining: channel(z.tuple([RunId]), TrainProgress),
  stopTraining: channel(z.tuple([RunId]), TrainProgress),
  /** Continues a stopped, interrupted or full-disk model from its checkpoint in a new run. */
  resumeModel: channel(z.tuple([ModelId]), StartTrainingResult),
  listRuns: channel(none, z.array(RunSummary)),
  listModels: channel(none, z.array(ModelSummary)),
  setActiveModel: channel(z.tuple([ModelId]), z.array(ModelSummary)),
  renameModel: channel(z.tuple([RenameModel]), z.array(ModelSummary)),
  deleteModel: channel(z.tuple([ModelId]), z.array(ModelSummary)),
  exportModel: channel(z.tuple([ExportModel]), ExportResult),
  importModel: channel(z.tuple([ImportModel]), ModelSummary, MAX_POSTERIOR_BYTES + ENVELOPE_BYTES),
  modelHistory: channel(z.tuple([ModelId]), ModelHistory),
  /** Computes and stores the thresholds of a model saved without them. */
  calibrateModel: channel(z.tuple([ModelId]), z.array(ModelSummary)),
  checkImages: channel(z.tuple([CheckRequest]), CheckResponse, CHECK_REQUEST_BYTES),
  getUncertaintyReport: channel(z.tuple([UncertaintyRequest]), UncertaintyReport),
  getTrainScores: channel(z.tuple([UncertaintyRequest]), TrainScores),
  /** The threshold a stated promise asks for (fitted on the calibration split), measured on the test set. */
  getGuarantee: channel(z.tuple([GuaranteeRequest]), GuaranteeReport),
  addOodSet: channel(z.tuple([AddOodSetRequest]), AddOodSetResult, OOD_SET_REQUEST_BYTES),
  cancelScoring: channel(z.tuple([CancelScoring]), z.object({ cancelled: z.boolean() })),
  getOodSetImages: channel(z.tuple([OodSetId]), OodSetImages),
  deleteOodSet: channel(z.tuple([OodSetId]), OodSetId),
  /** Models side by side on the test digits and every OOD set (shipped and the user's). */
  compareModels: channel(z.tuple([CompareRequest]), ModelComparison),
  /** Keeps a picture with what it is (a digit, or null: not a digit) to teach the next model. */
  markPicture: channel(z.tuple([MarkRequest]), MarkedEntry, MAX_IMAGE_BASE64 + ENVELOPE_BYTES),
  listMarked: channel(none, MarkedList),
  deleteMarked: channel(z.tuple([MarkedId]), MarkedId),
} as const satisfies Record<RequestName, { args: z.ZodTuple; result: z.ZodType; maxRequestBytes: number }>;

export const eventChannels = {
  trainingProgress: TrainProgress,
  modelsChanged: z.object({ reason: z.string() }),
  scoringProgress: ScoringProgress,
  datasetImportProgress: DatasetImportProgress,
} as const satisfies Record<EventName, z.ZodType>;

/** The largest request any channel takes: what a transport must be able to receive. */
export const MAX_REQUEST_BYTES = Math.max(...Object.values(requestChannels).map((c) => c.maxRequestBytes));

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

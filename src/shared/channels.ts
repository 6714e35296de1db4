// The contract's channel names alone, without schemas, so the sandboxed preload stays small.

export const REQUEST_NAMES = [
  'getSystemInfo',
  'getDatasetSummary',
  'getDatasetImages',
  'listDatasets',
  'importDataset',
  'cancelDatasetImport',
  'deleteDataset',
  'chooseFolder',
  'listPresets',
  'startTraining',
  'pauseTraining',
  'resumeTraining',
  'stopTraining',
  'resumeModel',
  'listRuns',
  'listModels',
  'setActiveModel',
  'renameModel',
  'deleteModel',
  'exportModel',
  'importModel',
  'modelHistory',
  'calibrateModel',
  'checkImages',
  'getUncertaintyReport',
  'getTrainScores',
  'getGuarantee',
  'addOodSet',
  'cancelScoring',
  'getOodSetImages',
  'deleteOodSet',
  'compareModels',
  'markPicture',
  'listMarked',
  'deleteMarked',
] as const;
export const EVENT_NAMES = [
  'trainingProgress',
  'modelsChanged',
  'scoringProgress',
  'datasetImportProgress',
] as const;

export type RequestName = (typeof REQUEST_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

/** The IPC channel name of a request or event; the prefix lets main refuse anything else. */
export const IPC_PREFIX = 'unsure:';
export const ipcChannel = (name: RequestName | EventName): string => `${IPC_PREFIX}${name}`;

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && (REQUEST_NAMES as readonly string[]).includes(name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}

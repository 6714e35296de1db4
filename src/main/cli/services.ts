// The engine work the CLI drives, behind small interfaces so the command layer (parsing, validation,
// output) is tested without training or TensorFlow, and the real engine is plugged in by wiring.ts.
import type {
  BackendChoice,
  MetricsRecord,
  TrainConfig,
  TrainConfigInput,
  TrainProgress,
} from '../../shared/training';
import type { DatasetManifest } from '../../shared/datasets';
import type { ApiError } from '../../shared/result';
import type { ModelComparison } from '../../shared/api/compare';
import type { GuaranteeReport } from '../../shared/api/uncertainty';
import type { GuaranteeTarget } from '../../shared/uncertainty/guarantee';
import type { UncertaintyScoreName } from '../../shared/model';
import type { LoadedModel } from '../engine/store';
import type { ImageFailure, Verdict } from '../engine/verdicts';
import type { SeenDigit, SeenNumber } from '../engine/read';

export interface TrainRunOptions {
  config: TrainConfig;
  backend: BackendChoice;
  /** The folder in which the trainer creates the new model's `<id>/` directory. */
  modelsDir: string;
  /** The data root whose marked pictures a run with --teach is taught. */
  dataRoot: string;
  /** A model directory to resume from its checkpoint instead of starting a new run. */
  resumeFrom: string | null;
  /** A finished model's directory whose network the new run starts from (--from). */
  startFrom: string | null;
  onProgress(progress: TrainProgress): void;
  /** Aborted on Ctrl+C: the trainer stops at the next step and keeps its checkpoint. */
  signal: AbortSignal;
}

export interface TrainRunResult {
  modelDir: string;
  status: 'complete' | 'stopped' | 'failed';
  backend: string;
  step: number;
  final: MetricsRecord | null;
  seconds: number;
  error: ApiError | null;
}

/** One line of `unsure check`: a verdict or the file's error. */
export type CheckLine = Verdict | ImageFailure;

export interface CheckOptions {
  samples: number;
  score: UncertaintyScoreName;
  backend: BackendChoice;
  /** A threshold to judge by instead of the model's calibrated one (from --max-error / --min-kept). */
  threshold?: number;
  /** Called once per file, in order, as soon as its verdict is known. */
  onResult(line: CheckLine): void;
}

/** One line of `unsure read`: a number read digit by digit, or the file's error. */
export type ReadLine = SeenNumberLine | ImageFailure;
type SeenNumberLine = Omit<SeenNumber, 'digits'> & { digits: Omit<SeenDigit, 'seenPng'>[] };

export interface ReadOptions extends Omit<CheckOptions, 'onResult'> {
  /** Called once per file, in order. */
  onResult(line: ReadLine): void;
}

export interface OodSetReport {
  dir: string;
  count: number;
  /** Files of the folder that could not be read as images. */
  skipped: number;
  /** Per score: AUROC, AUPR, FPR at 95% TPR against the MNIST test set. */
  metrics: Record<UncertaintyScoreName, { auroc: number; aupr: number; fpr95: number }>;
}

export interface EvalReport {
  samples: number;
  backend: string;
  test: { count: number; accuracy: number; nll?: number; ece?: number };
  /** The rejection operating point at the model's threshold, when it has a calibration. */
  threshold: {
    score: UncertaintyScoreName;
    value: number;
    rejectionRate: number;
    keptAccuracy: number;
  } | null;
  /** The promise --max-error / --min-kept stated, its threshold, and what it does (then `threshold` is at it). */
  guarantee?: GuaranteeReport;
  ood: OodSetReport[];
}

/** A threshold fitted for a promise on the calibration split (no test digits scored). */
export type GuaranteeFitReport = Omit<GuaranteeReport, 'test'> & { test: null };

export interface GuaranteeOptions {
  samples: number;
  score: UncertaintyScoreName;
  backend: BackendChoice;
  /** The data folder, where the model's dataset is found (MNIST's without one). */
  dataRoot?: string;
}

export interface EvalOptions {
  samples: number;
  oodDirs: string[];
  backend: BackendChoice;
  /** The data folder: the model's dataset, and the other datasets measured as out of distribution. */
  dataRoot?: string;
  /** Judge the test set at the threshold this promise asks for, on this score. */
  guarantee?: { target: GuaranteeTarget; score: UncertaintyScoreName };
}

export interface CompareOptions {
  samples: number;
  /** Folders of the user's pictures, measured beside the shipped sets. */
  oodDirs: string[];
  backend: BackendChoice;
  /** Where the shipped OOD sets (ood/) and photographed digits (samples/) are; null when missing. */
  resourcesDir: string | null;
  /** The data root whose marked pictures are compared too. */
  dataRoot: string;
}

export interface CliServices {
  appVersion: string;
  presets: Record<string, TrainConfigInput>;
  defaultPreset: string;
  /** The manifest of dataset `name` in the data folder `root`; CodedError('dataset_missing') when there is none. */
  datasetManifest(root: string, name: string): Promise<DatasetManifest>;
  train(options: TrainRunOptions): Promise<TrainRunResult>;
  check(model: LoadedModel, files: string[], options: CheckOptions): Promise<void>;
  read(model: LoadedModel, files: string[], options: ReadOptions): Promise<void>;
  evaluate(model: LoadedModel, options: EvalOptions): Promise<EvalReport>;
  /** The threshold a promise asks for, fitted on the calibration split. */
  fitGuarantee(
    model: LoadedModel,
    target: GuaranteeTarget,
    options: GuaranteeOptions,
  ): Promise<GuaranteeFitReport>;
  compare(models: readonly LoadedModel[], options: CompareOptions): Promise<ModelComparison>;
}

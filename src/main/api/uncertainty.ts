// The Uncertainty view's data: every score of the test split of the model's dataset (MNIST's for
// MNIST models) and of each of its reference OOD sets (ood/reference-sets.ts) under S posterior
// samples, OOD metrics and the reliability diagram. The slider's arithmetic then runs
// in the renderer on these arrays.
import path from 'node:path';
import type {
  GuaranteeReport,
  OodSetScores,
  SplitScores,
  TrainScores,
  GuaranteeRequest,
  UncertaintyReport,
  UncertaintyRequest,
} from '../../shared/api/uncertainty';
import type { ScoreName } from '../../shared/api/check';
import { calibrationThreshold } from '../../shared/model';
import { ok } from '../../shared/result';
import { calibrationReport } from '../../shared/uncertainty/calibration';
import { scoreValues, type PredictiveSummary } from '../../shared/uncertainty/scores';
import { thresholdAtPercentile } from '../../shared/uncertainty/thresholds';
import { calibrationSize } from '../../shared/training';
import { modelDataset } from '../../shared/model';
import { BUILTIN_DATASET } from '../../shared/datasets';
import type { Dataset } from '../engine/datasets/dataset';
import { datasetOfModel, datasetResolver } from '../engine/datasets/resolve';
import { REFERENCE_ROWS, datasetSetId, otherDatasets, shippedSetsFit } from '../engine/ood/reference-sets';
import {
  calibrationSeenInTraining,
  calibrationSplit,
  evaluateSummaries,
  fitGuarantee,
  measureOn,
} from '../engine/evaluate';
import { readOodManifest, type OodSet } from '../engine/ood/sets';
import { addUserSet, readUserSets } from '../engine/ood/user-sets';
import type { ScoreInputs, Scorer } from '../engine/uncertainty/scorer';
import type { LoadedModel } from '../engine/store';
import { assertFiniteSummary } from '../engine/uncertainty/finite-answers';
import { toBase64 } from './base64';
import type { AppContext } from './context';
import type { Handlers } from './dispatch';
import { loadModelForUse } from './model-access';
import { ScoringService } from './scoring';

const DEFAULT_SAMPLES = 100;
const KIND: Record<string, OodSetScores['kind']> = {
  letters: 'letters',
  'letters-lower': 'letters',
  noise: 'noise',
  shapes: 'shapes',
};

interface SetSummary {
  set: Pick<OodSet, 'id' | 'name'>;
  kind: OodSetScores['kind'];
  summary: PredictiveSummary;
}

interface ReportSummaries {
  test: PredictiveSummary;
  sets: SetSummary[];
}

type ReportSet = Pick<OodSet, 'id' | 'name' | 'count'> & { inputs: ScoreInputs };

/**
 * The model's reference sets as the worker reads them: the shipped ones and the user's (28×28 grey:
 * for a dataset of that shape only), then the other datasets of the data folder.
 */
async function reportSets(ctx: AppContext, dataset: Dataset): Promise<ReportSet[]> {
  const dir = path.join(ctx.resourcesDir, 'ood');
  const fits = shippedSetsFit(dataset.manifest.shape);
  const manifest = fits ? readOodManifest(dir) : null;
  const others = await otherDatasets(ctx.dataRoot, dataset.manifest.name);
  // The worker reads the shipped sets itself; this process needs only their names and counts.
  return [
    ...(manifest?.ok ? manifest.value.sets : []).map((e) => ({ ...e, inputs: { oodSet: e.id, dir } })),
    ...(fits ? await readUserSets(ctx.dataRoot) : []).map((set) => ({
      ...set,
      inputs: { pixels: set.pixels },
    })),
    ...others.map(({ manifest: m }) => ({
      id: datasetSetId(m.name),
      name: `dataset ${m.name}`,
      count: Math.min(REFERENCE_ROWS, calibrationSize(m.splits.train)),
      inputs: { otherDataset: m.name, dataRoot: ctx.dataRoot },
    })),
  ];
}

/** The test set's and every OOD set's summaries: shipped sets, the user's, then the other datasets. */
async function reportSummaries(
  ctx: AppContext,
  scoring: ScoringService,
  { model, samples, ifCached, dataset }: Scoring,
): Promise<ReportSummaries> {
  const all = await reportSets(ctx, dataset);
  const key = `${ScoringService.key(model, samples)}|${all.map((s) => `${s.id}:${s.count}`).join(',')}`;
  const parts = [
    { inputs: { split: 'test' as const, dataRoot: ctx.dataRoot }, images: dataset.manifest.splits.test },
    ...all.map((set) => ({ inputs: set.inputs, images: set.count })),
  ];
  const [test, ...summaries] = await scoring.summaries('report', key, model, samples, parts, ifCached);
  return {
    test: test!,
    sets: all.map((set, i) => ({
      set: { id: set.id, name: set.name },
      kind: KIND[set.id] ?? (set.id.startsWith('user-') ? 'user' : 'other'),
      summary: summaries[i]!,
    })),
  };
}

/** The training split's summary. */
async function trainSummary(
  ctx: AppContext,
  scoring: ScoringService,
  { model, samples, ifCached, dataset }: Scoring,
) {
  const inputs = { split: 'train' as const, dataRoot: ctx.dataRoot };
  const parts = [{ inputs, images: dataset.manifest.splits.train }];
  const key = ScoringService.key(model, samples);
  const [train] = await scoring.summaries('train', key, model, samples, parts, ifCached);
  return train!;
}

interface Scoring {
  model: LoadedModel;
  /** The model's dataset (MNIST for MNIST models), found in the data folder. */
  dataset: Dataset;
  score: ScoreName;
  samples: number;
  ifCached: boolean;
}

/** The calibration split's summary (held-out training digits), cached like the report's. */
async function calibrationSummary(
  ctx: AppContext,
  scoring: ScoringService,
  { model, samples, dataset }: Scoring,
) {
  const inputs = { split: 'calibration' as const, dataRoot: ctx.dataRoot };
  const parts = [{ inputs, images: calibrationSize(dataset.manifest.splits.train) }];
  const key = `${ScoringService.key(model, samples)}|calibration`;
  const [calibration] = await scoring.summaries('report', key, model, samples, parts);
  return calibration!;
}

/** The threshold a stated promise asks for, fitted on the calibration split and measured on the test set. */
async function guaranteeReport(
  ctx: AppContext,
  service: ScoringService,
  request: GuaranteeRequest,
): Promise<GuaranteeReport> {
  const asked = await scoring(ctx, request);
  const { model, score, samples, dataset } = asked;
  // Answers that are not numbers are refusals to the rule, not an error. The fit comes first, so an
  // unreachable promise is said without waiting for the test set.
  const calibration = await calibrationSummary(ctx, service, asked);
  const fit = fitGuarantee(
    request.target,
    score,
    { summary: calibration, labels: calibrationSplit(dataset).labels },
    null,
  );
  const { test } = await reportSummaries(ctx, service, asked);
  return {
    modelId: model.meta.id,
    score,
    samples,
    target: request.target,
    threshold: fit.threshold,
    calibration: fit.calibration,
    test: measureOn({ summary: test, labels: dataset.split('test').labels }, score, fit.threshold),
    seenInTraining: calibrationSeenInTraining(model.meta.config, modelDataset(model.meta)),
  };
}

/** The model a request names (or the active one), its score and sample count, with the model's defaults. */
async function scoring(
  ctx: AppContext,
  { modelId, score, samples, ifCached }: UncertaintyRequest,
): Promise<Scoring> {
  const model = await loadModelForUse(ctx, modelId);
  const dataset = await datasetOfModel(datasetResolver(ctx.dataRoot), modelDataset(model.meta));
  return {
    model,
    dataset,
    ifCached: ifCached ?? false,
    score: score ?? model.meta.calibration?.score ?? 'entropy',
    samples: samples ?? model.meta.calibration?.samples ?? DEFAULT_SAMPLES,
  };
}

/** The model's calibrated threshold for `score`, else the percentile of the test scores. */
function threshold(model: LoadedModel, score: ScoreName, testScores: Float32Array): number {
  return (
    calibrationThreshold(model.meta.calibration, score) ??
    thresholdAtPercentile(testScores, model.meta.calibration?.percentile ?? 99)
  );
}

/** 1 where the model's prediction is the image's label, else 0. */
const rightness = (summary: PredictiveSummary, labels: Uint8Array): Uint8Array =>
  Uint8Array.from(summary.predicted, (p, i) => (p === labels[i] ? 1 : 0));

/** One split's scores, predictions and whether each is right, as they travel (split-scores.ts). */
function splitScores(summary: PredictiveSummary, score: ScoreName, correct: Uint8Array): SplitScores {
  return {
    count: correct.length,
    scores: toBase64(scoreValues(summary, score)),
    predicted: toBase64(Uint8Array.from(summary.predicted)),
    correct: toBase64(correct),
  };
}

/** Each OOD set's scores under `score`, and its metrics against the test set (evaluation module). */
async function setScores(
  test: PredictiveSummary,
  labels: Uint8Array,
  sets: SetSummary[],
  score: ScoreName,
): Promise<OodSetScores[]> {
  const evaluation = await evaluateSummaries(
    test,
    labels,
    sets.map(({ set, summary }) => ({ ...set, summary })),
    {},
  );
  return evaluation.sets.map(({ id, name, summary, scores }, i) => {
    const { auroc, aupr, fpr95 } = scores[score];
    return {
      id,
      name,
      kind: sets[i]!.kind,
      scores: Array.from(scoreValues(summary, score)),
      metrics: { auroc, aupr, fpr95 },
    };
  });
}

/** Handlers of the uncertainty feature. */
export function uncertaintyHandlers(
  ctx: AppContext,
  worker?: Scorer,
): Pick<
  Handlers,
  'getUncertaintyReport' | 'getTrainScores' | 'getGuarantee' | 'addOodSet' | 'cancelScoring'
> {
  const service = new ScoringService(ctx, worker);
  return {
    getTrainScores: async (request) => {
      const asked = await scoring(ctx, request);
      const { model, score, samples } = asked;
      // The training digits are judged by the test set's threshold; the test set is scored only
      // when the model has no calibrated one.
      const cut =
        calibrationThreshold(model.meta.calibration, score) ??
        threshold(model, score, scoreValues((await reportSummaries(ctx, service, asked)).test, score));
      const train = await trainSummary(ctx, service, asked);
      assertFiniteSummary(train, `training images of ${asked.dataset.manifest.name}`);
      const result: TrainScores = {
        modelId: model.meta.id,
        score,
        samples,
        threshold: cut,
        ...splitScores(train, score, rightness(train, asked.dataset.split('train').labels)),
      };
      return ok(result);
    },
    getUncertaintyReport: async (request) => {
      const asked = await scoring(ctx, request);
      const { model, score, samples } = asked;
      const { test, sets } = await reportSummaries(ctx, service, asked);
      const { name } = asked.dataset.manifest;
      assertFiniteSummary(test, name === BUILTIN_DATASET ? 'MNIST test digits' : `test images of ${name}`);
      for (const { set, summary } of sets) assertFiniteSummary(summary, `images of ${set.name}`);
      const labels = asked.dataset.split('test').labels;
      const correct = rightness(test, labels);
      const testScores = scoreValues(test, score);
      const report: UncertaintyReport = {
        modelId: model.meta.id,
        score,
        samples,
        percentile: model.meta.calibration?.percentile ?? 99,
        threshold: threshold(model, score, testScores),
        mnist: splitScores(test, score, correct),
        sets: await setScores(test, labels, sets, score),
        calibration: calibrationReport(test.maxProb, correct),
      };
      return ok(report);
    },
    getGuarantee: async (request) => ok(await guaranteeReport(ctx, service, request)),
    cancelScoring: ({ job }) => Promise.resolve(ok({ cancelled: service.cancel(job) })),
    addOodSet: ({ name, files }) =>
      addUserSet(
        ctx.dataRoot,
        name,
        files.map((f) => ({ name: f.name, bytes: Buffer.from(f.dataBase64, 'base64') })),
      ),
  };
}

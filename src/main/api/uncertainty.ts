// The Uncertainty view's data: every score of the MNIST test set and of each OOD set under S
// posterior samples, OOD metrics and the reliability diagram. The slider's arithmetic then runs
// in the renderer on these arrays.
import path from 'node:path';
import type {
  OodSetScores,
  SplitScores,
  TrainScores,
  UncertaintyReport,
  UncertaintyRequest,
} from '../../shared/api/uncertainty';
import type { ScoreName } from '../../shared/api/check';
import { calibrationThreshold } from '../../shared/model';
import { ok } from '../../shared/result';
import { calibrationReport } from '../../shared/uncertainty/calibration';
import { oodMetrics } from '../../shared/uncertainty/ood-metrics';
import { scoreValues, type PredictiveSummary } from '../../shared/uncertainty/scores';
import { thresholdAtPercentile } from '../../shared/uncertainty/thresholds';
import { loadBackend } from '../engine/backend';
import { loadMnistPixels, loadMnistRaw } from '../engine/data/mnist';
import { loadOodSets, type OodSet } from '../engine/ood/sets';
import { addUserSet, readUserSets } from '../engine/ood/user-sets';
import type { LoadedModel } from '../engine/store';
import { summarisePosterior } from '../engine/verdicts';
import { assertFiniteSummary } from '../engine/uncertainty/finite-answers';
import type { AppContext } from './context';
import type { Handlers } from './dispatch';
import { loadModelForUse } from './model-access';

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

/** Posterior summaries cached per model file state and sample count: the view asks often. */
class SummaryCache {
  private readonly entries = new Map<string, { test: PredictiveSummary; sets: SetSummary[] }>();

  async get(
    ctx: AppContext,
    model: LoadedModel,
    samples: number,
  ): Promise<{ test: PredictiveSummary; sets: SetSummary[] }> {
    const user = await readUserSets(ctx.dataRoot);
    const key = `${model.dir}|${model.meta.updatedAt}|${samples}|${user.map((s) => `${s.id}:${s.count}`).join(',')}`;
    const cached = this.entries.get(key);
    if (cached) return cached;
    const { tf } = await loadBackend();
    const test = await summarisePosterior(tf, model, loadMnistPixels('test'), samples);
    const shipped = loadOodSets(path.join(ctx.resourcesDir, 'ood'));
    const sets: SetSummary[] = [];
    for (const set of [...(shipped.ok ? shipped.value : []), ...user]) {
      const summary = await summarisePosterior(tf, model, set.pixels, samples);
      sets.push({ set, kind: KIND[set.id] ?? (set.id.startsWith('user-') ? 'user' : 'other'), summary });
    }
    this.entries.clear();
    this.entries.set(key, { test, sets });
    return { test, sets };
  }
}

/** The training split's summary, kept for the last model file state and sample count asked. */
class TrainCache {
  private entry: { key: string; summary: PredictiveSummary } | null = null;

  async get(model: LoadedModel, samples: number): Promise<PredictiveSummary> {
    const key = `${model.dir}|${model.meta.updatedAt}|${samples}`;
    if (this.entry?.key === key) return this.entry.summary;
    const { tf } = await loadBackend();
    const summary = await summarisePosterior(tf, model, loadMnistPixels('train'), samples);
    this.entry = { key, summary };
    return summary;
  }
}

/** The model a request names (or the active one), its score and sample count, with the model's defaults. */
async function scoring(
  ctx: AppContext,
  { modelId, score, samples }: UncertaintyRequest,
): Promise<{ model: LoadedModel; score: ScoreName; samples: number }> {
  const model = await loadModelForUse(ctx, modelId);
  return {
    model,
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

/** One split's scores, predictions and whether each is right. */
function splitScores(summary: PredictiveSummary, score: ScoreName, labels: Uint8Array): SplitScores {
  return {
    scores: Array.from(scoreValues(summary, score)),
    correct: Array.from(summary.predicted, (p, i) => p === labels[i]),
    predicted: Array.from(summary.predicted),
  };
}

/** Handlers of the uncertainty feature. */
export function uncertaintyHandlers(
  ctx: AppContext,
): Pick<Handlers, 'getUncertaintyReport' | 'getTrainScores' | 'addOodSet'> {
  const cache = new SummaryCache();
  const trainCache = new TrainCache();
  return {
    getTrainScores: async (request) => {
      const { model, score, samples } = await scoring(ctx, request);
      // The training digits are judged by the test set's threshold; the test set is scored only
      // when the model has no calibrated one.
      const cut =
        calibrationThreshold(model.meta.calibration, score) ??
        threshold(model, score, scoreValues((await cache.get(ctx, model, samples)).test, score));
      const train = await trainCache.get(model, samples);
      assertFiniteSummary(train, 'MNIST training digits');
      const result: TrainScores = {
        modelId: model.meta.id,
        score,
        samples,
        threshold: cut,
        ...splitScores(train, score, loadMnistRaw('train').labels),
      };
      return ok(result);
    },
    getUncertaintyReport: async (request) => {
      const { model, score, samples } = await scoring(ctx, request);
      const { test, sets } = await cache.get(ctx, model, samples);
      assertFiniteSummary(test, 'MNIST test digits');
      for (const { set, summary } of sets) assertFiniteSummary(summary, `images of ${set.name}`);
      const mnist = splitScores(test, score, loadMnistRaw('test').labels);
      const testScores = scoreValues(test, score);
      const report: UncertaintyReport = {
        modelId: model.meta.id,
        score,
        samples,
        percentile: model.meta.calibration?.percentile ?? 99,
        threshold: threshold(model, score, testScores),
        mnist,
        sets: sets.map(({ set, kind, summary }) => {
          const scores = scoreValues(summary, score);
          const { auroc, aupr, fpr95 } = oodMetrics(testScores, scores);
          return {
            id: set.id,
            name: set.name,
            kind,
            scores: Array.from(scores),
            metrics: { auroc, aupr, fpr95 },
          };
        }),
        calibration: calibrationReport(test.maxProb, mnist.correct),
      };
      return ok(report);
    },
    addOodSet: ({ name, files }) =>
      addUserSet(
        ctx.dataRoot,
        name,
        files.map((f) => ({ name: f.name, bytes: Buffer.from(f.dataBase64, 'base64') })),
      ),
  };
}

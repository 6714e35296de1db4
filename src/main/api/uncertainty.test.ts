import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  GuaranteeReport,
  ScoringProgress,
  TrainScores,
  UncertaintyReport,
} from '../../shared/api/uncertainty';
import { withArrays } from '../../shared/api/split-scores';
import { loadMnistRaw } from '../engine/data/mnist';
import { encodeGray, mnistTestImages } from '../engine/image/test-images';
import { writeFakeModelDir } from '../engine/store/fixtures';
import { dispatch, EventHub } from './dispatch';
import { createHandlers } from './handlers';

let root: string;
let handlers: ReturnType<typeof createHandlers>;
const events = new EventHub();
/** Every scoringProgress event's fraction, per job, in order. */
const progress: Record<ScoringProgress['job'], number[]> = { report: [], train: [] };
events.add((event, payload) => {
  if (event === 'scoringProgress')
    progress[(payload as ScoringProgress).job].push((payload as ScoringProgress).fraction);
});

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-uncertainty-'));
  const resources = path.join(root, 'resources');
  await writeFakeModelDir(path.join(resources, 'default-model'), { id: 'default-model' });
  fs.cpSync(path.resolve('resources', 'ood'), path.join(resources, 'ood'), { recursive: true });
  handlers = createHandlers({
    appVersion: '0.0.0-test',
    transport: 'web',
    dataRoot: path.join(root, 'data'),
    resourcesDir: resources,
    events,
    dialogs: null,
  });
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

async function report(score: string): Promise<UncertaintyReport> {
  const result = await dispatch(handlers, 'getUncertaintyReport', [{ score, samples: 4 }]);
  if (!result.ok) throw new Error(result.error.message);
  return result.value as UncertaintyReport;
}

describe('uncertainty report', () => {
  it('scores the whole MNIST test set and every shipped OOD set, with metrics and calibration', async () => {
    const r = await report('entropy');
    const mnist = withArrays(r.mnist);
    expect(mnist.scores).toHaveLength(10000);
    expect(mnist.correct).toHaveLength(10000);
    expect(mnist.predicted).toHaveLength(10000);
    expect(mnist.predicted.every((p) => p >= 0 && p <= 9)).toBe(true);
    expect(r.sets.map((s) => s.id)).toEqual(expect.arrayContaining(['letters', 'noise']));
    for (const set of r.sets) {
      expect(set.scores.length).toBeGreaterThan(0);
      expect(set.metrics.auroc).toBeGreaterThanOrEqual(0);
      expect(set.metrics.auroc).toBeLessThanOrEqual(1);
    }
    expect(r.calibration.bins).toHaveLength(15);
  });

  it('uses the model’s calibrated threshold for its score, and its score when none is asked', async () => {
    expect((await report('std')).threshold).toBe(0.3);
    const result = await dispatch(handlers, 'getUncertaintyReport', [{ samples: 4 }]);
    expect(result).toMatchObject({ ok: true, value: { score: 'std', threshold: 0.3 } });
  });

  it('scores the 60,000 training digits under the same threshold, for the Data view', async () => {
    const result = await dispatch(handlers, 'getTrainScores', [{ score: 'std', samples: 2 }]);
    if (!result.ok) throw new Error(result.error.message);
    const train = withArrays(result.value as TrainScores);
    expect(train).toMatchObject({ modelId: 'default-model', score: 'std', samples: 2, threshold: 0.3 });
    expect(train.scores).toHaveLength(60000);
    const labels = loadMnistRaw('train').labels;
    expect(train.correct).toEqual(train.predicted.map((p, i) => (p === labels[i] ? 1 : 0)));
    // Asked again (a reloaded view), the same scores come from memory: no scoring, no progress.
    const before = progress.train.length;
    const again = await dispatch(handlers, 'getTrainScores', [{ score: 'std', samples: 2, ifCached: true }]);
    expect(again).toMatchObject({ ok: true, value: { scores: (result.value as TrainScores).scores } });
    expect(progress.train.length).toBe(before);
    const missing = await dispatch(handlers, 'getTrainScores', [{ modelId: 'no-such-model' }]);
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.code).toBe('not_found');
  }, 60_000);

  it('adds a folder of the user’s images as a set, reporting the files it could not use', async () => {
    const images = await Promise.all(
      mnistTestImages(2).map((p) => encodeGray(Uint8Array.from(p), 28, 28, 'png')),
    );
    const files = [
      ...images.map((png, i) => ({ name: `digit-${i}.png`, dataBase64: png.toString('base64') })),
      { name: 'broken.jpg', dataBase64: Buffer.from('nope').toString('base64') },
    ];
    const added = await dispatch(handlers, 'addOodSet', [{ name: 'My scans', files }]);
    expect(added).toMatchObject({ ok: true, value: { added: 2, failures: [{ file: 'broken.jpg' }] } });
    const r = await report('entropy');
    const user = r.sets.find((s) => s.kind === 'user');
    expect(user?.name).toBe('My scans');
    expect(user?.id).toMatch(/^user-my-scans-/);
    expect(user?.scores).toHaveLength(2);
  });

  /** Resolves at the first progress event of `job` past zero: the scoring is under way. */
  const underWay = (job: string) =>
    new Promise<void>((resolve) => {
      const remove = events.add((event, payload) => {
        if (event !== 'scoringProgress') return;
        const p = payload as ScoringProgress;
        if (p.job === job && p.fraction > 0) {
          remove();
          resolve();
        }
      });
    });

  it('answers a cheap request while the training digits are being scored', async () => {
    let scored = false;
    const scoring = dispatch(handlers, 'getTrainScores', [{ score: 'entropy', samples: 40 }]);
    void scoring.then(() => (scored = true));
    await underWay('train');
    const info = await dispatch(handlers, 'getSystemInfo', []);
    expect(info.ok).toBe(true);
    expect(scored).toBe(false);
    await dispatch(handlers, 'cancelScoring', [{ job: 'train' }]);
    await scoring;
  });

  it('cancels a scoring on request, keeping nothing of it', async () => {
    const scoring = dispatch(handlers, 'getTrainScores', [{ score: 'entropy', samples: 30 }]);
    await underWay('train');
    expect(await dispatch(handlers, 'cancelScoring', [{ job: 'train' }])).toEqual({
      ok: true,
      value: { cancelled: true },
    });
    expect(await scoring).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    const cached = await dispatch(handlers, 'getTrainScores', [{ samples: 30, ifCached: true }]);
    expect(cached).toMatchObject({ ok: false, error: { code: 'not_cached' } });
    expect(await dispatch(handlers, 'cancelScoring', [{ job: 'train' }])).toMatchObject({
      value: { cancelled: false },
    });
  });
});

describe('a threshold with a guarantee', () => {
  const guarantee = (target: unknown) =>
    dispatch(handlers, 'getGuarantee', [{ score: 'entropy', samples: 4, target }]);

  it('fits "at most X% accepted wrong" on the calibration split and measures it on the test set', async () => {
    const result = await guarantee({ kind: 'max_error', percent: 5 });
    if (!result.ok) throw new Error(result.error.message);
    const g = result.value as GuaranteeReport;
    expect(g).toMatchObject({ modelId: 'default-model', score: 'entropy', samples: 4, seenInTraining: true });
    expect(g.calibration.count).toBe(5000);
    expect(g.test.count).toBe(10000);
    // The rule's own condition on the digits it was fitted on: (accepted wrong + 1)/(n + 1) ≤ α.
    expect((g.calibration.acceptedWrong * 5000 + 1) / 5001).toBeLessThanOrEqual(0.05);
    expect(g.calibration.kept).toBeGreaterThan(0);
    expect(Number.isFinite(g.threshold)).toBe(true);
  }, 60_000);

  it('fits "keep at least Y%" with the (n+1) correction', async () => {
    const result = await guarantee({ kind: 'min_kept', percent: 90 });
    if (!result.ok) throw new Error(result.error.message);
    const g = result.value as GuaranteeReport;
    expect(g.calibration.kept).toBeGreaterThanOrEqual(Math.ceil(5001 * 0.9) / 5000);
  }, 60_000);

  it('says when a promise is out of reach, and refuses a percentage outside (0, 100)', async () => {
    const far = await guarantee({ kind: 'max_error', percent: 0.01 });
    expect(far).toMatchObject({ ok: false, error: { code: 'guarantee_unreachable' } });
    if (!far.ok) expect(far.error.message).toMatch(/needs at least 9999 calibration digits; there are 5000/);
    const bad = await guarantee({ kind: 'min_kept', percent: 100 });
    expect(bad.ok).toBe(false);
  }, 60_000);
});

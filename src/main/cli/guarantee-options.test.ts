import fs from 'node:fs/promises';
import { builtinDataset } from '../engine/datasets/resolve';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GuaranteeTarget } from '../../shared/uncertainty/guarantee';
import { writeFakeModelDir } from '../engine/store/fixtures';
import { runCliCapturing } from './test-cli';
import type { CheckOptions, CliServices, EvalOptions, GuaranteeFitReport } from './services';

let home: string;
let calls: { fit: GuaranteeTarget[]; check: CheckOptions[]; evaluate: EvalOptions[] };

beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'unsure-cli-guarantee-'));
  await writeFakeModelDir(path.join(home, 'resources', 'default-model'), { id: 'default', hidden: [8] });
  calls = { fit: [], check: [], evaluate: [] };
});
afterEach(() => fs.rm(home, { recursive: true, force: true }));

const measure = { count: 5000, kept: 0.97, acceptedWrong: 0.008, errorAmongKept: 0.0082 };
const fitted = (target: GuaranteeTarget): GuaranteeFitReport => ({
  modelId: 'default',
  score: 'entropy',
  samples: 100,
  target,
  threshold: 0.125,
  calibration: measure,
  test: null,
  seenInTraining: true,
});

const refuse = () => Promise.reject(new Error('not used here'));
const services: CliServices = {
  appVersion: '1.2.3',
  presets: {},
  defaultPreset: 'article',
  datasetManifest: (_root, name) => Promise.resolve(builtinDataset(name).manifest),
  train: refuse,
  compare: refuse,
  read: refuse,
  fitGuarantee(_model, target) {
    calls.fit.push(target);
    return Promise.resolve(fitted(target));
  },
  check(_model, files, options) {
    calls.check.push(options);
    return Promise.resolve();
  },
  evaluate(_model, options) {
    calls.evaluate.push(options);
    const guarantee = options.guarantee && {
      ...fitted(options.guarantee.target),
      test: { ...measure, count: 10000, acceptedWrong: 0.006 },
    };
    return Promise.resolve({
      samples: options.samples,
      backend: 'cpu',
      test: { count: 10000, accuracy: 0.98 },
      threshold: null,
      ...(guarantee ? { guarantee } : {}),
      ood: [],
    });
  },
};

const run = (...argv: string[]) =>
  runCliCapturing(argv, services, {
    env: { UNSURE_HOME: path.join(home, 'data'), UNSURE_RESOURCES: path.join(home, 'resources') },
    cwd: home,
  });

describe('--max-error and --min-kept', () => {
  it.each([
    [['--max-error', '1'], { kind: 'max_error', percent: 1 }],
    [['--max-error', '0.5%'], { kind: 'max_error', percent: 0.5 }],
    [['--min-kept', '99'], { kind: 'min_kept', percent: 99 }],
    [['--min-kept=97.5%'], { kind: 'min_kept', percent: 97.5 }],
  ])('check %j judges by the threshold fitted for %j, and says what it promises', async (flags, target) => {
    const { code, err } = await run('check', ...flags, 'digit.png');
    expect(code).toBe(0);
    expect(calls.fit).toEqual([target]);
    expect(calls.check[0]).toMatchObject({ threshold: 0.125 });
    expect(err).toMatch(/^threshold entropy 0\.1250: promised /);
    expect(err).toMatch(/fitted on 5000 held-out training digits/);
    expect(err).toMatch(
      /warning: this model was trained on the calibration digits, so the promise is optimistic/,
    );
  });

  it('check without them keeps the model’s own threshold', async () => {
    expect((await run('check', 'digit.png')).code).toBe(0);
    expect(calls.fit).toHaveLength(0);
    expect(calls.check[0]!.threshold).toBeUndefined();
  });

  it('eval reports the promise beside the value measured on the test digits', async () => {
    const { code, out } = await run('eval', '--max-error', '1', '--score', 'mi');
    expect(code).toBe(0);
    expect(calls.evaluate[0]!.guarantee).toEqual({
      target: { kind: 'max_error', percent: 1 },
      score: 'mutual_information',
    });
    expect(out).toMatch(/promised at most 1% of digits accepted with a wrong answer/);
    expect(out).toMatch(
      /measured: 0\.60% accepted wrong \(0\.82% of the kept\) on the 10000 test digits; keeps 97\.0%/,
    );
    const json = await run('eval', '--min-kept', '95', '--json');
    expect(JSON.parse(json.out)).toMatchObject({ guarantee: { target: { kind: 'min_kept', percent: 95 } } });
  });

  it.each([
    ['check', '--max-error', '0', 'a.png'],
    ['check', '--max-error', '100', 'a.png'],
    ['check', '--min-kept', '-5', 'a.png'],
    ['check', '--min-kept', 'most', 'a.png'],
    ['check', '--max-error', '1e-2', 'a.png'],
    ['eval', '--min-kept', '150'],
    ['check', '--max-error', '1', '--min-kept', '99', 'a.png'],
    ['eval', '--max-error', '1', '--min-kept', '99'],
  ])('%s %s %s … is a usage error, before any scoring', async (...argv) => {
    const { code, out, err } = await run(...argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^unsure: --(max-error|min-kept)[^\n]+\n$/);
    expect(calls.fit.length + calls.check.length + calls.evaluate.length).toBe(0);
  });
});

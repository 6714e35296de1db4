import fs from 'node:fs/promises';
import { builtinDataset } from '../engine/datasets/resolve';
import { syntheticDataset } from '../engine/datasets/test-dataset';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelMeta } from '../../shared/model';
import type { TrainProgress } from '../../shared/training';
import { CONTINUE_RECIPE } from '../../shared/recipes';
import { fakeMetrics, writeFakeModel, writeFakeModelDir } from '../engine/store/fixtures';
import { runCliCapturing } from './test-cli';
import type { CliServices, EvalOptions, TrainRunOptions } from './services';

let home: string;
let calls: { train: TrainRunOptions[]; evaluate: EvalOptions[]; check: string[][] };

beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'unsure-cli-'));
  await writeFakeModelDir(path.join(home, 'resources', 'default-model'), { id: 'default', hidden: [8] });
  calls = { train: [], evaluate: [], check: [] };
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

const services: CliServices = {
  appVersion: '1.2.3',
  presets: {
    article: { hidden: [64, 64], beta: 0.001, initLogvar: -7 },
    'article-broken': { beta: 1, initLogvar: -1 },
  },
  defaultPreset: 'article',
  datasetManifest: (_root, name) =>
    Promise.resolve(name === 'shapes' ? syntheticDataset().manifest : builtinDataset(name).manifest),
  train(options) {
    calls.train.push(options);
    const base: TrainProgress = {
      runId: 'r',
      status: 'running',
      step: 0,
      totalSteps: options.config.steps,
      stepsPerSecond: 100,
      etaSeconds: 1,
      backend: 'cpu',
      metrics: null,
      modelDir: null,
      error: null,
    };
    options.onProgress({ ...base, step: 5 });
    options.onProgress({ ...base, step: 10, metrics: fakeMetrics(10, 0.5) });
    options.onProgress({ ...base, step: 11, metrics: fakeMetrics(10, 0.5) }); // repeated record: printed once
    options.onProgress({ ...base, step: 20, metrics: fakeMetrics(20, 0.7) });
    return Promise.resolve({
      modelDir: path.join(options.modelsDir, 'fake-id'),
      status: 'complete',
      backend: 'cpu',
      step: 20,
      final: fakeMetrics(20, 0.7),
      seconds: 0.2,
      error: null,
    });
  },
  check(_model, files, options) {
    calls.check.push(files);
    for (const file of files) {
      if (file.endsWith('.png')) {
        const probabilities = Array.from({ length: 10 }, (_, i) => (i === 3 ? 0.91 : 0.01));
        const scores = { std: 0.01, entropy: 0.4, mutual_information: 0.01, max_prob: 0.91 };
        const blank = path.basename(file) === 'blank.png';
        options.onResult({
          file,
          ok: true,
          prediction: 3,
          probabilities,
          std: new Array<number>(10).fill(0.01),
          scores,
          score: 0.01,
          threshold: 0.3,
          verdict: blank ? 'reject' : 'accept',
          ...(blank ? { reason: 'nothing_written' as const } : {}),
          aleatoric: 0.39,
          epistemic: 0.01,
          votes: [0, 0, 0, 97, 0, 0, 0, 0, 3, 0],
          outcome: blank ? 'not_a_digit' : 'accept',
          outcomeReason: blank ? 'nothing_written' : 'one_digit',
          set: blank ? [] : [3],
          samples: 100,
          coverage: 0.99,
          coverageOptimistic: true,
        });
      } else {
        options.onResult({ file, ok: false, error: { code: 'unsupported_format', message: 'not an image' } });
      }
    }
    return Promise.resolve();
  },
  read: () => Promise.reject(new Error('read is tested in read.test.ts')),
  evaluate(_model, options) {
    calls.evaluate.push(options);
    return Promise.resolve({
      samples: options.samples,
      backend: 'cpu',
      test: { count: 10000, accuracy: 0.97 },
      threshold: null,
      ood: [],
    });
  },
  compare() {
    return Promise.reject(new Error('compare runs the engine: see compare.test.ts'));
  },
  fitGuarantee() {
    return Promise.reject(new Error('see guarantee-options.test.ts'));
  },
};

const run = (...argv: string[]) =>
  runCliCapturing(argv, services, {
    env: { UNSURE_HOME: path.join(home, 'data'), UNSURE_RESOURCES: path.join(home, 'resources') },
    cwd: home,
  });

const jsonLines = (text: string): Record<string, unknown>[] =>
  text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('unsure train', () => {
  it('applies every flag through TrainConfig and prints one JSON line per log plus a done line', async () => {
    const { code, out, err } = await run(
      'train',
      '--preset',
      'article-broken',
      '--hidden',
      '32,16',
      '--lr',
      '1e-3',
      '--steps',
      '20',
      '--seed',
      '4',
      '--kl',
      'elbo',
      '--json',
    );
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(calls.train[0]!.config).toMatchObject({
      preset: 'article-broken',
      hidden: [32, 16],
      beta: 1,
      initLogvar: -1,
      learningRate: 0.001,
      steps: 20,
      seed: 4,
      kl: 'elbo',
    });
    expect(calls.train[0]!.modelsDir).toBe(path.join(home, 'data', 'models'));
    const lines = jsonLines(out);
    expect(lines).toHaveLength(3);
    expect(Object.keys(lines[0]!)).toEqual(['step', 'steps_per_second', 'backend', 'train', 'test']);
    expect(Object.keys(lines[0]!.test as object)).toEqual([
      'accuracy',
      'elbo',
      'log_likelihood',
      'kl_divergence',
      'mean_approximate_evidence',
    ]);
    expect(lines.map((l) => l.step)).toEqual([10, 20, 20]);
    expect(lines[2]).toMatchObject({
      done: true,
      model: path.join(home, 'data', 'models', 'fake-id'),
      status: 'complete',
    });
  });

  it('writes plain log lines when not on a terminal and honours --out', async () => {
    const { code, out } = await run('train', '--steps', '20', '--out', 'mine');
    expect(code).toBe(0);
    expect(calls.train[0]!.modelsDir).toBe(path.join(home, 'mine'));
    expect(out).toMatch(/^step 10\/20 {2}test acc 0\.5000/);
    expect(out).toMatch(/model: .*mine\/fake-id\n$/);
  });
});

describe('unsure train --resume', () => {
  it('resumes a folder with a checkpoint and refuses one without', async () => {
    const dir = path.join(home, 'run');
    await fs.mkdir(dir);
    const refused = await run('train', '--resume', 'run');
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/no checkpoint/);
    await fs.writeFile(path.join(dir, 'checkpoint.safetensors'), '');
    expect((await run('train', '--resume', 'run', '--json')).code).toBe(0);
    expect(calls.train[0]!.resumeFrom).toBe(dir);
  });
});

describe('unsure train --from', () => {
  it("starts a new run from a finished model's network with that model's recipe, flags on top", async () => {
    const { code } = await run('train', '--from', 'default', '--teach', '--steps', '30', '--json');
    expect(code).toBe(0);
    const call = calls.train[0]!;
    expect(call.startFrom).toBe(path.join(home, 'resources', 'default-model'));
    expect(call.resumeFrom).toBeNull();
    expect(call.config).toMatchObject({ hidden: [8], steps: 30, teach: true });
    // Without --steps or --lr: the continuation's short run at a lower rate.
    await run('train', '--from', 'default', '--json');
    expect(calls.train[1]!.config).toMatchObject({ hidden: [8], ...CONTINUE_RECIPE, teach: false });
  });

  it('refuses a model that is not there, and --from with --resume', async () => {
    const missing = await run('train', '--from', 'nowhere');
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/no model folder or id "nowhere"/);
    const both = await run('train', '--from', 'default', '--resume', 'run');
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/give one of them/);
    expect(calls.train).toHaveLength(0);
  });
});

describe('wrong flags and values', () => {
  const cases: string[][] = [
    ['train', '--beta', 'abc'],
    ['train', '--beta', '-1'],
    ['train', '--hidden', '64,x'],
    ['train', '--hidden', '0'],
    ['train', '--steps', '0'],
    ['train', '--steps', '2.5'],
    ['train', '--lr', '0x10'],
    ['train', '--kl', 'fancy'],
    ['train', '--estimator', 'magic'],
    ['train', '--preset', 'nope'],
    ['train', '--backend', 'gpu'],
    ['train', '--bogus'],
    ['train', '--beta'],
    ['check'],
    ['check', '--samples', '0', 'a.png'],
    ['check', '--samples', '2.5', 'a.png'],
    // The app's requests stop at MAX_SAMPLES (200); the CLI takes the same bound.
    ['check', '--samples', '201', 'a.png'],
    ['check', '--score', 'vibes', 'a.png'],
    ['eval', '--backend', 'gpu'],
    ['export', '--model', 'x'],
    ['frobnicate'],
  ];
  it.each(cases)('%s … exits 2 with one line and no stack trace', async (...argv) => {
    const { code, out, err } = await run(...argv);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^unsure: [^\n]+\n$/);
    expect(err).not.toMatch(/\bat .*:\d+/);
    expect(calls.train).toHaveLength(0);
  });

  it('names the flag, not the schema field', async () => {
    expect((await run('train', '--lr', '20')).err).toMatch(/^unsure: --lr: /);
    expect((await run('train', '--batch', '0')).err).toMatch(/^unsure: --batch: /);
  });

  it('prints help and the version with exit 0', async () => {
    expect(await run('--version')).toMatchObject({ code: 0, out: '1.2.3\n' });
    const help = await run('train', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/--init-logvar <L>/);
    expect(help.out).toMatch(/--family <name> +model family: mfvi \(Mean-field Gaussian\) \| dropout/);
    expect(help.out).toMatch(/--conv <sizes>/);
    expect(help.out).toMatch(/Presets:\n {2}article +The article's fixed recipe/);
  });

  it('passes the family flags through to the trainer', async () => {
    const { code } = await run(
      'train',
      '--family',
      'point',
      '--arch',
      'cnn',
      '--conv',
      '8',
      '--members',
      '3',
    );
    expect(code).toBe(0);
    expect(calls.train[0]!.config).toMatchObject({ family: 'point', arch: 'cnn', conv: [8], members: 3 });
  });
});

describe('unsure train --dataset', () => {
  it("alone: the dataset's recommended recipe, no outlier exposure, a tenth of a small split held out", async () => {
    const { code } = await run('train', '--dataset', 'shapes');
    expect(code).toBe(0);
    expect(calls.train[0]!.config).toMatchObject({
      dataset: 'shapes',
      preset: 'recommended',
      family: 'laplace',
      arch: 'cnn',
      outlierFraction: 0,
      holdOut: 24,
    });
  });

  it('with --preset or other flags: they win; mnist keeps the default preset', async () => {
    await run('train', '--dataset', 'shapes', '--preset', 'article-broken');
    expect(calls.train[0]!.config).toMatchObject({ dataset: 'shapes', preset: 'article-broken', beta: 1 });
    calls.train.length = 0;
    await run('train', '--dataset', 'shapes', '--family', 'dropout', '--steps', '50');
    expect(calls.train[0]!.config).toMatchObject({ preset: 'recommended', family: 'dropout', steps: 50 });
    calls.train.length = 0;
    await run('train', '--dataset', 'mnist');
    expect(calls.train[0]!.config).toMatchObject({ dataset: 'mnist', preset: 'article' });
  });

  it('refuses a dataset that is not there, or a name no dataset can have, with one line and exit 2', async () => {
    const missing = await run('train', '--dataset', 'nope');
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(
      /^unsure: --dataset nope: there is no such dataset in .*\(dataset_missing\)\n$/,
    );
    const bad = await run('train', '--dataset', 'No Such');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^unsure: --dataset: Use 1–40 lowercase letters/);
    expect(calls.train).toHaveLength(0);
  });
});

describe('unsure check', () => {
  it('uses the built-in model without --model and prints one JSON object per file, exit 0 despite errors', async () => {
    const { code, out, err } = await run('check', '--json', 'digit.png', 'notes.txt');
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(calls.check[0]).toEqual([path.join(home, 'digit.png'), path.join(home, 'notes.txt')]);
    const [first, second] = jsonLines(out);
    expect(first).toMatchObject({
      file: 'digit.png',
      ok: true,
      prediction: 3,
      verdict: 'accept',
      threshold: 0.3,
    });
    expect(Object.keys(first!)).toEqual([
      'file',
      'ok',
      'prediction',
      'probabilities',
      'std',
      'scores',
      'score',
      'threshold',
      'verdict',
      'outcome',
      'outcomeReason',
      'set',
      'aleatoric',
      'epistemic',
      'votes',
      'samples',
      'coverage',
      'coverageOptimistic',
    ]);
    expect(second).toEqual({
      file: 'notes.txt',
      ok: false,
      error: { code: 'unsupported_format', message: 'not an image' },
    });
  });

  it('answers a picture with nothing written as not a digit, a refusal like any other (exit 0)', async () => {
    const text = await run('check', 'blank.png', 'digit.png');
    expect(text.code).toBe(0);
    const [blank, digit] = text.out.trim().split('\n');
    expect(blank).toBe(
      'blank.png: not a digit (nothing written found: no ink or drawing stands out of the paper)',
    );
    expect(digit).toMatch(/^digit\.png: it is a 3 \(only one digit is plausible/);
    expect(digit).toContain('97 of 100 samples say 3, 3 say 8');
    expect(digit).toContain('writing ambiguity (aleatoric) 0.39');
    expect(digit).toContain('optimistic');
    const json = await run('check', '--json', 'blank.png');
    expect(json.code).toBe(0);
    expect(jsonLines(json.out)[0]).toMatchObject({
      ok: true,
      verdict: 'reject',
      reason: 'nothing_written',
      outcome: 'not_a_digit',
      set: [],
    });
  });

  it('exits 1 for a model without a calibrated threshold', async () => {
    const dir = await writeFakeModel(path.join(home, 'data'), { id: 'raw' });
    const meta = JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    await fs.writeFile(path.join(dir, 'model.json'), JSON.stringify({ ...meta, calibration: null }));
    const { code, err } = await run('check', '--model', 'raw', 'digit.png');
    expect(code).toBe(1);
    expect(err).toBe('unsure: model raw has no calibrated threshold for the std score\n');
    expect(calls.check).toHaveLength(0);
  });

  it('exits 1 with one line for a broken model', async () => {
    const dir = await writeFakeModel(path.join(home, 'data'), { id: 'bad' });
    await fs.writeFile(path.join(dir, 'posterior.safetensors'), 'junk');
    for (const model of ['bad', dir]) {
      const { code, err } = await run('check', '--model', model, 'digit.png');
      expect(code).toBe(1);
      expect(err).toMatch(/^unsure: model bad: posterior\.safetensors: [^\n]+\n$/);
    }
    expect((await run('check', '--model', 'nowhere', 'a.png')).err).toMatch(
      /^unsure: no model folder or id "nowhere"\n$/,
    );
  });
});

describe('unsure eval, export, import, models', () => {
  it('passes every --ood folder and the sample count to the evaluator', async () => {
    const { code, out } = await run('eval', '--samples', '7', '--ood', 'letters', '--ood', 'noise', '--json');
    expect(code).toBe(0);
    expect(calls.evaluate[0]).toMatchObject({
      samples: 7,
      oodDirs: [path.join(home, 'letters'), path.join(home, 'noise')],
    });
    expect(jsonLines(out)[0]).toMatchObject({ samples: 7, test: { accuracy: 0.97 } });
  });

  it('exports, imports, lists and activates models', async () => {
    await writeFakeModel(path.join(home, 'data'), { id: 'orig' });
    expect((await run('export', '--model', 'orig', '--out', 'orig.safetensors')).code).toBe(0);
    const imported = await run('import', 'orig.safetensors', '--json');
    expect(imported.code).toBe(0);
    const { id } = jsonLines(imported.out)[0] as { id: string };
    expect((await run('activate', id)).code).toBe(0);
    const listing = JSON.parse((await run('models', '--json')).out) as {
      models: { id: string; active: boolean }[];
    };
    expect(listing.models.filter((m) => m.active).map((m) => m.id)).toEqual([id]);
    expect(listing.models).toHaveLength(3);
    await fs.writeFile(path.join(home, 'bad.safetensors'), 'not a posterior at all');
    const bad = await run('import', 'bad.safetensors');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^unsure: not an Unsure posterior file: [^\n]+\n$/);
  });
});

/** Clears the screen, retitles the window, rings the bell, reverses the text that follows. */
const HOSTILE = 'evil\u001b[2J\u001b]0;pwned\u0007\u009b31m\u202etxt.exe\r';

/** Nothing a terminal would act on: no control character but newline, no bidi override. */
function expectInert(text: string): void {
  const acted = [...text].filter((c) => {
    const code = c.codePointAt(0)!;
    const control = (code < 0x20 && c !== '\n') || (code >= 0x7f && code <= 0x9f);
    return control || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
  });
  expect(acted).toEqual([]);
}

describe('unsure models', () => {
  it('says what each model is: its family and network in words', async () => {
    const dir = await writeFakeModel(path.join(home, 'data'), { id: 'ens' });
    const meta = JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8')) as ModelMeta;
    const config = { ...meta.config, family: 'point', arch: 'cnn', members: 5, hidden: [128] };
    await fs.writeFile(path.join(dir, 'model.json'), JSON.stringify({ ...meta, config }));
    const { out, code } = await run('models');
    expect(code).toBe(0);
    expect(out).toMatch(
      / ens {2}complete .*Model ens {2}\(Ensemble of 5 point CNNs, conv 32, 64 · dense 128\)\n/,
    );
    expect(out).toMatch(/\(built-in\) {2}\(Bayesian MLP \(mean-field\), dense 8\)\n/);
  });
});

describe('text from files in CLI output', () => {
  it('shows control characters of a model name as visible escapes', async () => {
    const dir = await writeFakeModel(path.join(home, 'data'), { id: 'hostile' });
    const meta = JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8')) as { name: string };
    await fs.writeFile(path.join(dir, 'model.json'), JSON.stringify({ ...meta, name: HOSTILE }));
    const { out } = await run('models');
    expectInert(out);
    expect(out).toContain('evil\\x1b[2J\\x1b]0;pwned\\x07\\x9b31m\\u202etxt.exe\\x0d');
  });

  it('neutralises them in error messages that quote a file name', async () => {
    const { err, code } = await run('import', `no-such-${HOSTILE}.safetensors`);
    expect(code).toBe(1);
    expectInert(err);
    expect(err).toContain('\\x1b[2J');
  });
});

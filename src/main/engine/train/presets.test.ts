import { describe, expect, it } from 'vitest';
import { learningRateAt } from '../bnn/step-math';
import { PRESET_NAMES, PRESET_TEXT, presetConfig } from './presets';

describe('presets', () => {
  it("article is the article's fixed recipe", () => {
    expect(presetConfig('article')).toMatchObject({
      hidden: [64, 64],
      beta: 0.001,
      initLogvar: -7,
      kl: 'article',
      estimator: 'weight',
      learningRate: 1e-3,
      lrSchedule: 'constant',
      batchSize: 128,
      steps: 10000,
      priorSigma: 1,
    });
  });

  it('article-broken differs only by β = 1 and initial variance 0.37', () => {
    const broken = presetConfig('article-broken');
    expect(broken.beta).toBe(1);
    expect(Math.exp(broken.initLogvar)).toBeCloseTo(0.37, 6);
    expect({ ...broken, beta: 0.001, initLogvar: -7, preset: 'article' }).toEqual(presetConfig('article'));
  });

  it('accepts overrides and refuses unknown names', () => {
    expect(presetConfig('fast', { steps: 7 }).steps).toBe(7);
    expect(PRESET_NAMES).toEqual(expect.arrayContaining(['article', 'article-broken', 'fast']));
    expect(() => presetConfig('nope')).toThrow(/unknown preset 'nope'/);
  });

  it('has one recipe per family on the same reference CNN, each described in one line', () => {
    const kinds = ['cnn', 'dropout', 'laplace', 'point', 'ensemble'].map((name) => {
      const c = presetConfig(name);
      return {
        name,
        family: c.family,
        members: c.members,
        net: [c.arch, c.conv, c.hidden, c.outlierFraction],
      };
    });
    expect(kinds.map(({ name, family, members }) => [name, family, members])).toEqual([
      ['cnn', 'mfvi', 1],
      ['dropout', 'dropout', 1],
      ['laplace', 'laplace', 1],
      ['point', 'point', 1],
      ['ensemble', 'point', 5],
    ]);
    for (const k of kinds) expect(k.net).toEqual(['cnn', [32, 64], [128], 0.5]);
    expect(presetConfig('cnn').estimator).toBe('local');
    for (const name of PRESET_NAMES) {
      expect(presetConfig(name).preset).toBe(name);
      expect(PRESET_TEXT[name]).toMatch(/^[^\n]{20,250}$/);
    }
  });
});

describe('learning-rate schedule', () => {
  it('is constant or a half cosine from lr to 0 over the run', () => {
    const base = { learningRate: 0.002, steps: 100 };
    expect(learningRateAt({ ...base, lrSchedule: 'constant' }, 99)).toBe(0.002);
    const cos = { ...base, lrSchedule: 'cosine' as const };
    expect(learningRateAt(cos, 0)).toBeCloseTo(0.002, 12);
    expect(learningRateAt(cos, 50)).toBeCloseTo(0.001, 12);
    expect(learningRateAt(cos, 100)).toBeCloseTo(0, 12);
  });
});

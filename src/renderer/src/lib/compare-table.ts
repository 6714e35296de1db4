// The Compare view's table: one column per model, one row per measure, the best value of each row
// marked. Built from a ModelComparison here so the view only lays it out.
import type { ModelComparison } from '../../../shared/api/compare';
import type { ScoreName } from '../../../shared/api/check';
import { modelKind } from '../../../shared/model-kind';
import { Architecture, Family } from '../../../shared/training';
import { duration, fixed, percent } from './format';

export interface CompareRow {
  /** Stable key, e.g. `test-accuracy` or `set-letters-auroc`. */
  key: string;
  label: string;
  /** What the row measures, in one line (the row header's title). */
  help: string;
  cells: string[];
  /** Column of the best value, or null when fewer than two models have one. */
  best: number | null;
}

export interface CompareSection {
  title: string;
  rows: CompareRow[];
}

type Better = 'higher' | 'lower' | null;

function row(
  key: string,
  label: string,
  help: string,
  values: (number | null)[],
  show: (v: number | null) => string,
  better: Better,
): CompareRow {
  let best: number | null = null;
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (better && known.length > 1 && new Set(known).size > 1) {
    const target = better === 'higher' ? Math.max(...known) : Math.min(...known);
    best = values.indexOf(target);
  }
  return { key, label, help, cells: values.map(show), best };
}

/** "Ensemble of 5 point CNNs"; the family text as it came when a newer app names one this one does not know. */
function kindOf(model: ModelComparison['models'][number]): string {
  const family = Family.safeParse(model.family);
  const arch = Architecture.safeParse(model.arch);
  if (!family.success || !arch.success) return `${model.family} ${model.arch}`;
  return modelKind({ family: family.data, arch: arch.data, members: model.members });
}

const ms = (v: number | null) => (v === null ? '—' : `${v.toFixed(v < 10 ? 1 : 0)} ms`);

/** The sections of the table for the chosen score: the models, the test digits, then each set. */
export function compareSections(c: ModelComparison, score: ScoreName): CompareSection[] {
  const m = c.models;
  const about: CompareSection = {
    title: 'Models',
    rows: [
      { key: 'kind', label: 'What it is', help: 'Family and network', cells: m.map(kindOf), best: null },
      row(
        'train-time',
        'Training time',
        'Wall-clock time of its training run',
        m.map((x) => x.trainingSeconds),
        duration,
        'lower',
      ),
      row(
        'verdict',
        'Verdict latency',
        `Median time of one verdict with ${c.verdictSamples} samples`,
        m.map((x) => x.verdictMs),
        ms,
        'lower',
      ),
    ],
  };
  const test: CompareSection = {
    title: `MNIST test digits (${(m[0]?.test.count ?? 0).toLocaleString('en-US')})`,
    rows: [
      row(
        'test-accuracy',
        'Accuracy',
        'Share of test digits read right',
        m.map((x) => x.test.accuracy),
        (v) => percent(v),
        'higher',
      ),
      row(
        'test-nll',
        'NLL',
        'Mean −log probability of the true digit (nats)',
        m.map((x) => x.test.nll),
        (v) => fixed(v, 4),
        'lower',
      ),
      row(
        'test-ece',
        'ECE',
        `Expected calibration error over ${c.eceBins} confidence bins`,
        m.map((x) => x.test.ece),
        (v) => percent(v),
        'lower',
      ),
    ],
  };
  const sets = c.sets.map((set, j): CompareSection => {
    const of = (
      pick: (s: ModelComparison['models'][number]['sets'][number]['scores'][ScoreName]) => number | null,
    ) =>
      m.map((x) => {
        const s = x.sets[j]?.scores[score];
        return s ? pick(s) : null;
      });
    // Labelled digits (the user's marked ones) should be read and accepted, not told apart.
    const digits = set.labelled;
    const read = row(
      `set-${set.id}-accuracy`,
      'Read right',
      'Share of these digits read as the digit they were marked as',
      m.map((x) => x.sets[j]?.accuracy ?? null),
      (v) => percent(v, 1),
      'higher',
    );
    return {
      title: `${set.name} (${set.count.toLocaleString('en-US')})`,
      rows: [
        ...(digits ? [read] : []),
        row(
          `set-${set.id}-auroc`,
          'AUROC',
          'How well the score tells these pictures from test digits (1 = perfectly)',
          of((s) => s.auroc),
          (v) => fixed(v, 3),
          digits ? null : 'higher',
        ),
        row(
          `set-${set.id}-fpr95`,
          'FPR@95',
          'Share of test digits refused when the threshold catches 95% of these pictures',
          of((s) => s.fpr95),
          (v) => percent(v, 1),
          digits ? null : 'lower',
        ),
        row(
          `set-${set.id}-refused`,
          'Refused',
          digits
            ? 'Share refused at the model’s own threshold: for digits, each one is an error'
            : 'Share refused at the model’s own threshold',
          of((s) => s.refused),
          (v) => percent(v, 1),
          digits ? 'lower' : 'higher',
        ),
      ],
    };
  });
  return [about, test, ...sets];
}

import { describe, expect, it } from 'vitest';
import { checkLinesCsv, checkLinesJson, toCheckLine, type CheckLine } from './check-line';

const verdict = {
  file: 'seven.png',
  ok: true as const,
  prediction: 7,
  probabilities: [0, 0, 0, 0, 0, 0, 0, 0.9, 0.1, 0],
  std: [0, 0, 0, 0, 0, 0, 0, 0.05, 0.05, 0],
  scores: { std: 0.05, entropy: 0.3, mutual_information: 0.01, max_prob: 0.9 },
  score: 0.3,
  scoreName: 'entropy' as const,
  threshold: 1.8,
  verdict: 'accept' as const,
  outcome: 'accept' as const,
  outcomeReason: 'one_digit' as const,
  set: [7],
  aleatoric: 0.29,
  epistemic: 0.01,
  votes: [0, 0, 0, 0, 0, 0, 0, 95, 5, 0],
  samples: 100,
  coverage: 0.99,
  coverageOptimistic: false,
  seenPng: 'data:image/png;base64,AAAA',
};
const failure = {
  file: 'notes, "draft".txt',
  ok: false as const,
  error: { code: 'unsupported_format', message: 'not an image' },
};

describe('toCheckLine', () => {
  it('keeps exactly the fields `unsure check --json` prints, in its order', () => {
    expect(Object.keys(toCheckLine(verdict))).toEqual([
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
    expect(toCheckLine(failure)).toEqual(failure);
  });
});

describe('checkLinesCsv', () => {
  const lines: CheckLine[] = [toCheckLine(failure), toCheckLine(verdict)];
  const [header, first, second] = checkLinesCsv(lines).split('\r\n');

  it('flattens nested fields to dotted columns, verdict columns before the error ones', () => {
    const columns = header!.split(',');
    expect(columns.slice(0, 4)).toEqual(['file', 'ok', 'prediction', 'probabilities.0']);
    expect(columns).toContain('scores.mutual_information');
    expect(columns).toContain('std.9');
    expect(columns.slice(-3)).toEqual(['coverageOptimistic', 'error.code', 'error.message']);
    expect(columns).toContain('votes.9');
    expect(columns).toContain('set.0');
    expect(columns).toHaveLength(2 + 1 + 10 + 10 + 4 + 3 + 2 + 1 + 10 + 7);
  });

  it('writes one row per line in order, quoting text with commas and quotes', () => {
    expect(first!.startsWith('"notes, ""draft"".txt",false,,')).toBe(true);
    expect(first!.endsWith(',unsupported_format,not an image')).toBe(true);
    expect(second!.startsWith('seven.png,true,7,0,')).toBe(true);
    expect(
      second!.endsWith(',0.3,1.8,accept,accept,one_digit,7,0.29,0.01,0,0,0,0,0,0,0,95,5,0,100,0.99,false,,'),
    ).toBe(true);
  });

  it('keeps a spreadsheet from running a file name as a formula', () => {
    const csv = checkLinesCsv([toCheckLine({ ...failure, file: '=HYPERLINK("x")' })]);
    expect(csv.split('\r\n')[1]).toBe(`"'=HYPERLINK(""x"")",false,unsupported_format,not an image`);
  });
});

describe('checkLinesJson', () => {
  it('is an array of the lines', () => {
    expect(JSON.parse(checkLinesJson([toCheckLine(verdict)]))).toEqual([toCheckLine(verdict)]);
  });
});

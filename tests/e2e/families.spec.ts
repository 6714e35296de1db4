import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ModelComparison } from '../../src/shared/api/compare';

// Every model family, trained for a few dozen steps by the CLI into the served data folder, then
// compared side by side: by `unsure compare --json` and in the Compare view.
const root = process.env.E2E_DATA!;
const cli = path.resolve(__dirname, '../../bin/unsure.cjs');
const SHORT = [
  '--steps',
  '60',
  '--log-every',
  '30',
  '--checkpoint-every',
  '60',
  '--batch',
  '64',
  '--eval-samples',
  '2',
  '--train-eval-size',
  '500',
  '--outliers',
  '0',
  '--lr',
  '0.003',
];
// Each run starts from its family's preset; the flags shrink it to a few seconds.
const RUNS: { kind: RegExp; flags: string[] }[] = [
  { kind: /Bayesian MLP \(mean-field\)/, flags: ['--preset', 'article', '--hidden', '32'] },
  {
    kind: /Bayesian CNN \(mean-field\)/,
    flags: ['--preset', 'cnn', '--conv', '4,8', '--hidden', '16'],
  },
  { kind: /MC-dropout MLP/, flags: ['--preset', 'dropout', '--arch', 'mlp', '--hidden', '32'] },
  { kind: /Last-layer Laplace MLP/, flags: ['--preset', 'laplace', '--arch', 'mlp', '--hidden', '32'] },
  { kind: /Point MLP(?!s)/, flags: ['--preset', 'point', '--arch', 'mlp', '--hidden', '32'] },
  {
    kind: /Ensemble of 2 point MLPs/,
    flags: ['--preset', 'ensemble', '--arch', 'mlp', '--hidden', '16', '--members', '2'],
  },
];

function unsure(...args: string[]): string {
  return execFileSync(process.execPath, [cli, ...args], {
    env: { ...process.env, UNSURE_HOME: root },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

const dirs: string[] = [];

test.beforeAll(() => {
  test.setTimeout(900_000);
  for (const run of RUNS) {
    const lines = unsure('train', ...run.flags, ...SHORT, '--json')
      .trim()
      .split('\n');
    const done = JSON.parse(lines.at(-1)!) as { done: boolean; model: string; status: string };
    expect(done.status, `${run.flags.join(' ')} ended ${done.status}`).toBe('complete');
    unsure('calibrate', '--model', done.model, '--samples', '4');
    dirs.push(done.model);
  }
});

test('unsure compare puts one short run of every family side by side', () => {
  test.setTimeout(600_000);
  const comparison = ModelComparison.parse(
    JSON.parse(unsure('compare', ...dirs, '--samples', '2', '--json')),
  );
  expect(comparison.models.map((m) => [m.family, m.arch, m.members])).toEqual([
    ['mfvi', 'mlp', 1],
    ['mfvi', 'cnn', 1],
    ['dropout', 'mlp', 1],
    ['laplace', 'mlp', 1],
    ['point', 'mlp', 1],
    ['point', 'mlp', 2],
  ]);
  for (const model of comparison.models) {
    // A few dozen steps already read digits far better than chance (10%).
    expect(model.test.accuracy, model.name).toBeGreaterThan(0.4);
    expect(Number.isFinite(model.test.nll), model.name).toBe(true);
    for (const set of model.sets) expect(set.scores.entropy.auroc, `${model.name} ${set.id}`).not.toBeNull();
  }
});

test('the Compare view shows every family side by side', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('/');
  await page.getByRole('tab', { name: 'Compare', exact: true }).click();
  for (const run of RUNS) {
    await page.locator('label.model').filter({ hasText: run.kind }).first().getByRole('checkbox').check();
  }
  await page.getByTestId('compare-run').click();
  const table = page.getByTestId('compare-table');
  await expect(table).toBeVisible({ timeout: 540_000 });
  await expect(table.getByRole('columnheader')).toHaveCount(RUNS.length);
  for (const run of RUNS) await expect(page.getByTestId('compare-row-kind')).toContainText(run.kind);
  // The views scroll inside the window: a tall window shows the whole table and the histogram.
  await page.setViewportSize({ width: 1280, height: 2200 });
  await page.screenshot({ path: 'test-results/screenshots/compare-families.png', fullPage: true });
});

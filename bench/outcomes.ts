// The three outcomes measured: the model's outcome calibration fitted on the calibration split
// (held-out training digits), then on the MNIST test set the share of each outcome, accept + right,
// the true digit inside the set (all digits, and ambiguous ones), and what each OOD set gets; and
// the AUROC of each part of the uncertainty (aleatoric, epistemic, total) for the hard test digits
// (those whose set is not one digit) against each OOD set.
// Usage: npx tsx bench/outcomes.ts [MODEL_DIR] [--samples 100] [--json]
import { auroc, type PredictiveSummary } from '../src/shared/uncertainty';
import { loadBackend } from '../src/main/engine/backend';
import { loadMnistPixels, loadMnistRaw } from '../src/main/engine/data/mnist';
import { loadOodSets } from '../src/main/engine/ood/sets';
import { aleatoricOf, calibrateOutcomes, ruleCalibration } from '../src/main/engine/outcomes/calibrate';
import { defaultModelDir, loadModel } from '../src/main/engine/store';
import { judgeRow, summarisePosterior, type RowJudgement } from '../src/main/engine/verdicts';

const share = (n: number, of: number) => (of === 0 ? null : n / of);

function judgedAll(summary: PredictiveSummary, cal: ReturnType<typeof ruleCalibration>): RowJudgement[] {
  return Array.from({ length: summary.count }, (_, i) => judgeRow(summary, i, true, cal));
}

function outcomeShares(judged: RowJudgement[]) {
  const count = (o: string) => judged.filter((j) => j.outcome === o).length;
  return {
    accept: share(count('accept'), judged.length),
    ambiguous: share(count('ambiguous'), judged.length),
    notADigit: share(count('not_a_digit'), judged.length),
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string) => args.indexOf(name);
  const samples = flag('--samples') >= 0 ? Number(args[flag('--samples') + 1]) : 100;
  const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--samples') ?? defaultModelDir()!;
  const { tf, backend } = await loadBackend();
  const model = await loadModel(dir);
  const sets = loadOodSets();
  if (!sets.ok) throw new Error(sets.error.message);
  const stored = await calibrateOutcomes(tf, model, sets.value, samples);
  const cal = ruleCalibration(stored);
  const test = await summarisePosterior(tf, model, loadMnistPixels('test'), samples);
  const labels = loadMnistRaw('test').labels;
  const judged = judgedAll(test, cal);
  const ambiguous = judged.flatMap((j, i) => (j.outcome === 'ambiguous' ? [i] : []));
  const hard = judged.flatMap((j, i) => (j.set.length !== 1 ? [i] : []));
  const parts = {
    aleatoric: (s: PredictiveSummary, i: number) => aleatoricOf(s, i),
    epistemic: (s: PredictiveSummary, i: number) => s.mutualInformation[i]!,
    total: (s: PredictiveSummary, i: number) => s.entropy[i]!,
  };
  const ood = [];
  for (const set of sets.value) {
    const summary = await summarisePosterior(tf, model, set.pixels, samples);
    const all = Array.from({ length: summary.count }, (_, i) => i);
    const aurocs = Object.fromEntries(
      Object.entries(parts).map(([name, f]) => [
        name,
        auroc(
          hard.map((i) => f(test, i)),
          all.map((i) => f(summary, i)),
        ),
      ]),
    );
    ood.push({
      id: set.id,
      count: set.count,
      ...outcomeShares(judgedAll(summary, cal)),
      aurocHardDigits: aurocs,
    });
  }
  const report = {
    model: dir,
    backend,
    samples,
    calibration: stored,
    test: {
      count: test.count,
      ...outcomeShares(judged),
      acceptRight: share(
        judged.filter((j, i) => j.outcome === 'accept' && j.set[0] === labels[i]).length,
        test.count,
      ),
      acceptWrong: share(
        judged.filter((j, i) => j.outcome === 'accept' && j.set[0] !== labels[i]).length,
        test.count,
      ),
      coverage: share(judged.filter((j, i) => j.set.includes(labels[i]!)).length, test.count),
      ambiguousCovered: share(
        ambiguous.filter((i) => judged[i]!.set.includes(labels[i]!)).length,
        ambiguous.length,
      ),
      ambiguousSetSize: share(
        ambiguous.reduce((sum, i) => sum + judged[i]!.set.length, 0),
        ambiguous.length,
      ),
      hardDigits: hard.length,
    },
    ood,
  };
  if (args.includes('--json')) return void console.log(JSON.stringify(report, null, 2));
  const pct = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(2)}%`);
  const c = report.calibration;
  console.log(`${dir} (${backend}, S=${samples})`);
  console.log(
    `calibration split: ${c.calibrationDigits} digits${c.seenInTraining ? ' (seen in training: coverage optimistic)' : ''}; ` +
      `q̂ = ${c.quantile.toFixed(4)} at ${pct(c.coverage)}; not a digit: ${c.part} > ${c.limit.toFixed(4)} ` +
      `(mean AUROC vs OOD: aleatoric ${c.auroc.aleatoric?.toFixed(3)}, epistemic ${c.auroc.epistemic?.toFixed(3)}); ` +
      `ambiguous group: runner-up ≥ ${c.ambiguous.from.toFixed(4)}, ${c.ambiguous.calibrationDigits} calibration digits, ` +
      `sets of the ${c.ambiguous.size} most probable digits`,
  );
  const t = report.test;
  console.log(
    `MNIST test: accept ${pct(t.accept)} (right ${pct(t.acceptRight)}, wrong ${pct(t.acceptWrong)}), ambiguous ${pct(t.ambiguous)} ` +
      `(true digit in set ${pct(t.ambiguousCovered)}, mean set size ${t.ambiguousSetSize?.toFixed(2)}), not a digit ${pct(t.notADigit)}; coverage ${pct(t.coverage)}`,
  );
  for (const s of ood) {
    const a = s.aurocHardDigits;
    console.log(
      `${s.id} (${s.count}): accept ${pct(s.accept)}, ambiguous ${pct(s.ambiguous)}, not a digit ${pct(s.notADigit)}; ` +
        `AUROC vs ${t.hardDigits} hard test digits: aleatoric ${a.aleatoric!.toFixed(3)}, epistemic ${a.epistemic!.toFixed(3)}, total ${a.total!.toFixed(3)}`,
    );
  }
}

void main();

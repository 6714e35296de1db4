// How well each model says "I'm not sure" to non-digits while accepting digits: test accuracy, per
// score the AUROC against every shipped OOD set and the share of each set rejected at the 99th-
// percentile threshold, and the share of the photos of digits on paper accepted (and read right):
// by the score alone at the bench's own calibration, and as `unsure check` judges them (judgeImages:
// the ink finder, the several-digits rule and the three outcomes too), which is what users meet.
// A shortcut check: the training letters rejected as rendered and as jittered for outlier exposure
// (a gap means the network learned resampling, not letters, as the outlier cue).
// --own-sets adds clothing (Fashion-MNIST's training split) and everyday pictures (./own-sets.ts)
// and a SUMMARY line per model: the figures the default model is chosen on.
// Usage: npx tsx bench/ood.ts MODEL_DIR [MODEL_DIR…] [--samples 100] [--own-sets] [--json]
import fs from 'node:fs';
import path from 'node:path';
import {
  SCORE_NAMES,
  isRejected,
  scoreValues,
  rejectionRate,
  type ScoreName,
} from '../src/shared/uncertainty';
import { loadBackend } from '../src/main/engine/backend';
import { calibratePosterior, type ModelCalibration } from '../src/main/engine/calibrate';
import { loadOodSets, type OodSet } from '../src/main/engine/ood/sets';
import { DIGIT_LOOKALIKES, DIGIT_TWINS, loadTrainLetters } from '../src/main/engine/outliers/letters';
import { jitter } from '../src/main/engine/outliers/pool';
import { PIXELS } from '../src/main/engine/outliers/draw';
import { Rng } from '../src/main/engine/bnn/rng';
import { prepareImages } from '../src/main/engine/image/prepare';
import { loadModel, type LoadedModel } from '../src/main/engine/store';
import { judgeImages, summarisePosterior } from '../src/main/engine/verdicts';
import { verdictLatency, verdictPictures } from '../src/main/engine/evaluate/compare';
import { clothingSet, everydaySet } from './own-sets';

const PHOTOS = path.join(__dirname, '..', 'resources', 'samples', 'digits-on-paper');

interface PhotoResult {
  count: number;
  accuracy: number;
  accepted: Record<ScoreName, number>;
  /** At the model's own score and threshold: read right and accepted, read wrong yet accepted. */
  rightAccepted: number;
  wrongAccepted: number;
  /** The same photos as `unsure check` judges them: counts of each outcome. */
  verdicts: { rightAccepted: number; ambiguousOrRefused: number; wrongAccepted: number; failed: number };
}

/** The photos judged on the app's path (judgeImages), counted by outcome against their labels. */
async function photoVerdicts(model: LoadedModel, files: string[], score: ScoreName, samples: number) {
  const images = files.map((f) => ({ name: f, input: fs.readFileSync(path.join(PHOTOS, f)) }));
  const counts = { rightAccepted: 0, ambiguousOrRefused: 0, wrongAccepted: 0, failed: 0 };
  (await judgeImages(model, images, { samples, score })).forEach((v, i) => {
    if (!v.ok) counts.failed++;
    else if (v.outcome !== 'accept') counts.ambiguousOrRefused++;
    else if (v.prediction === Number(files[i]![0])) counts.rightAccepted++;
    else counts.wrongAccepted++;
  });
  return counts;
}

async function photos(model: LoadedModel, cal: ModelCalibration, samples: number): Promise<PhotoResult> {
  const files = fs
    .readdirSync(PHOTOS)
    .filter((f) => /^\d-/.test(f))
    .sort();
  const prepared = await prepareImages(files.map((f) => path.join(PHOTOS, f)));
  const rows = prepared.flatMap((r, i) =>
    r.ok ? [{ pixels: r.value.pixels, label: Number(files[i]![0]) }] : [],
  );
  const inputs = new Float32Array(rows.length * 784);
  rows.forEach((r, i) => inputs.set(r.pixels, i * 784));
  const { tf } = await loadBackend('tensorflow');
  const summary = await summarisePosterior(tf, model, inputs, samples);
  const right = rows.filter((r, i) => summary.predicted[i] === r.label).length;
  const accepted = Object.fromEntries(
    SCORE_NAMES.map((n) => [n, 1 - rejectionRate(scoreValues(summary, n), cal.thresholds[n])]),
  ) as Record<ScoreName, number>;
  const oriented = scoreValues(summary, cal.score);
  const keep = rows.map((_, i) => !isRejected(oriented[i]!, cal.threshold));
  const share = (right: boolean) =>
    rows.filter((r, i) => keep[i] && (summary.predicted[i] === r.label) === right).length / rows.length;
  return {
    count: rows.length,
    accuracy: right / rows.length,
    accepted,
    rightAccepted: share(true),
    wrongAccepted: share(false),
    verdicts: await photoVerdicts(model, files, cal.score, samples),
  };
}

/** Shares of the training letters rejected at the default threshold, as rendered and jittered. */
async function shortcutCheck(model: LoadedModel, cal: ModelCalibration, samples: number) {
  const glyphs = loadTrainLetters();
  const rng = new Rng(1);
  const jittered = new Float32Array(glyphs.length);
  for (let i = 0; i < glyphs.length / PIXELS; i++)
    jittered.set(jitter(glyphs.subarray(i * PIXELS, (i + 1) * PIXELS), rng), i * PIXELS);
  const { tf } = await loadBackend('tensorflow');
  const rejected = async (inputs: Float32Array) =>
    rejectionRate(
      scoreValues(await summarisePosterior(tf, model, inputs, samples), cal.score),
      cal.threshold,
    );
  return { asRendered: await rejected(glyphs), jittered: await rejected(jittered) };
}

/** The letters of the sets `ids` except `excluded`, as one set. */
function lettersWithout(sets: OodSet[], ids: string[], excluded: string, id: string, name: string): OodSet {
  const rows: Float32Array[] = [];
  for (const set of sets.filter((s) => ids.includes(s.id))) {
    set.labels.forEach((label, i) => {
      if (!excluded.includes(set.labelNames[label]!)) rows.push(set.pixels.subarray(i * 784, (i + 1) * 784));
    });
  }
  const pixels = new Float32Array(rows.length * 784);
  rows.forEach((r, i) => pixels.set(r, i * 784));
  return {
    id,
    name,
    description: '',
    count: rows.length,
    pixels,
    labels: new Uint16Array(rows.length),
    labelNames: [''],
  };
}

/** Extra views of the letter sets: without every lookalike (O, I, l, S, Z, B, …), and A–Z without O and I. */
function letterViews(sets: OodSet[]): OodSet[] {
  return [
    lettersWithout(
      sets,
      ['letters', 'letters-lower'],
      DIGIT_LOOKALIKES,
      'letters-distinct',
      'Letters that do not look like digits',
    ),
    lettersWithout(
      sets,
      ['letters'],
      DIGIT_TWINS,
      'letters-no-twins',
      'Letters A–Z but O and I (written as 0 and 1)',
    ),
  ];
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function table(name: string, cal: ModelCalibration, photo: PhotoResult): string {
  const sets = Object.keys(cal.ood);
  const head = `| score | ${sets.map((s) => `AUROC ${s}`).join(' | ')} | ${sets.map((s) => `rejected ${s}`).join(' | ')} | MNIST rejected | photos accepted |`;
  const lines = SCORE_NAMES.map((score) => {
    const marker = score === cal.score ? ' (default)' : '';
    const au = sets.map((s) => cal.ood[s]!.scores[score].auroc.toFixed(3));
    const rej = sets.map((s) => pct(cal.ood[s]!.scores[score].rejected));
    return `| ${score}${marker} | ${au.join(' | ')} | ${rej.join(' | ')} | ${pct(0.01)}* | ${pct(photo.accepted[score])} |`;
  });
  return [
    `### ${name}`,
    `test accuracy ${cal.testAccuracy.toFixed(4)}, ECE ${cal.ece.toFixed(4)}, S=${cal.samples}, ` +
      `MNIST rejected at the default threshold ${pct(cal.rejectionRate)}, ` +
      `photos: ${photo.count} read ${pct(photo.accuracy)} right; calibration took ${cal.seconds.toFixed(1)} s`,
    '',
    head,
    `|${'---|'.repeat(2 + 2 * sets.length + 1)}`,
    ...lines,
    '',
    '*by construction: the threshold is the 99th percentile of the MNIST test scores',
  ].join('\n');
}

/** One line per model: what the default model is picked on (issue #12's targets). */
function summaryLine(
  name: string,
  cal: ModelCalibration,
  photo: PhotoResult,
  trainedSeconds: number | null,
  verdictMs: number | null,
): string {
  const refused = Object.keys(cal.ood)
    .map((id) => `${id} ${pct(cal.ood[id]!.rejected)}`)
    .join(', ');
  return (
    `SUMMARY ${name}: MNIST test accuracy ${cal.testAccuracy.toFixed(4)}; refused at the default ` +
    `threshold (${cal.score}, keeps ${pct(1 - cal.rejectionRate)} of test digits): ${refused}; ` +
    `photographed digits (${photo.count}): right+accepted ${pct(photo.rightAccepted)}, wrong yet ` +
    `accepted ${pct(photo.wrongAccepted)} by score alone; as \`unsure check\` judges them ` +
    `${photo.verdicts.rightAccepted} right and accepted, ${photo.verdicts.ambiguousOrRefused} ambiguous ` +
    `or refused, ${photo.verdicts.wrongAccepted} wrong yet accepted; training ${trainedSeconds?.toFixed(0) ?? '—'} s; ` +
    `verdict ${verdictMs?.toFixed(1) ?? '—'} ms (median, 100 samples)`
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const sIndex = args.indexOf('--samples');
  const samples = sIndex >= 0 ? Number(args[sIndex + 1]) : 100;
  const dirs = args.filter((a, i) => !a.startsWith('--') && (sIndex < 0 || i !== sIndex + 1));
  const sets = loadOodSets();
  if (!sets.ok) throw new Error(sets.error.message);
  const own = args.includes('--own-sets') ? [clothingSet(), await everydaySet()] : [];
  const { tf, backend } = await loadBackend('tensorflow');
  for (const dir of dirs) {
    const model = await loadModel(dir);
    const all = [...sets.value, ...own, ...letterViews(sets.value)];
    const cal = await calibratePosterior(tf, backend, model, all, { samples });
    const photo = await photos(model, cal, samples);
    const shortcut = await shortcutCheck(model, cal, samples);
    const verdictMs = await verdictLatency(model, {
      verdictPictures: await verdictPictures(PHOTOS),
      backend: 'tensorflow',
    });
    const c = model.meta.config;
    const name = `${path.basename(dir)} (${c.preset}, ${c.family}/${c.arch} ${c.hidden.join('×')}${c.members > 1 ? ` ×${c.members}` : ''})`;
    const trained = model.metrics.at(-1)?.seconds ?? null;
    if (json) console.log(JSON.stringify({ dir, calibration: cal, photos: photo, shortcut, verdictMs }));
    else {
      console.log(summaryLine(name, cal, photo, trained, verdictMs));
      console.log(table(name, cal, photo));
      const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
      console.log(
        `training letters rejected (${cal.score}): as rendered ${pct(shortcut.asRendered)}, ` +
          `jittered as for outlier exposure ${pct(shortcut.jittered)}\n`,
      );
    }
  }
}

void main();

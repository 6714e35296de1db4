// Noise images, made directly at 28×28 (they have no ink to crop): the classic "is anything there?" test.

import { MNIST_SHAPE } from '../../shared/data-shape';
import { between, gaussian, seededRandom } from './random';
import type { GeneratedSet } from './letters';

const SIDE = MNIST_SHAPE.width;
export const NOISE_KINDS = ['uniform', 'gaussian', 'salt-and-pepper', 'blobs', 'smooth'] as const;

function blur(img: Float32Array, sigma: number): Float32Array {
  const radius = Math.ceil(3 * sigma);
  const kernel = Array.from({ length: 2 * radius + 1 }, (_, i) =>
    Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)),
  );
  const total = kernel.reduce((a, b) => a + b, 0);
  const pass = (src: Float32Array, horizontal: boolean): Float32Array => {
    const out = new Float32Array(src.length);
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        let v = 0;
        for (let k = -radius; k <= radius; k++) {
          const [sx, sy] = horizontal
            ? [Math.min(SIDE - 1, Math.max(0, x + k)), y]
            : [x, Math.min(SIDE - 1, Math.max(0, y + k))];
          v += kernel[k + radius]! * src[sy * SIDE + sx]!;
        }
        out[y * SIDE + x] = v / total;
      }
    }
    return out;
  };
  return pass(pass(img, true), false);
}

function stretch(img: Float32Array): Float32Array {
  const lo = Math.min(...img);
  const hi = Math.max(...img);
  return img.map((v) => (hi > lo ? (v - lo) / (hi - lo) : 0));
}

function noiseImage(kind: (typeof NOISE_KINDS)[number], rand: () => number): Float32Array {
  const img = new Float32Array(SIDE * SIDE);
  switch (kind) {
    case 'uniform':
      return img.map(() => rand());
    case 'gaussian':
      return img.map(() => Math.min(1, Math.max(0, 0.5 + 0.25 * gaussian(rand))));
    case 'salt-and-pepper': {
      const p = between(rand, 0.05, 0.3);
      return img.map(() => (rand() < p ? 1 : 0));
    }
    case 'blobs': {
      const blobs = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => ({
        x: between(rand, 4, 24),
        y: between(rand, 4, 24),
        s: between(rand, 1.5, 5),
      }));
      for (let i = 0; i < img.length; i++) {
        const [x, y] = [(i % SIDE) + 0.5, Math.floor(i / SIDE) + 0.5];
        img[i] = Math.min(
          1,
          blobs.reduce((a, b) => a + Math.exp(-((x - b.x) ** 2 + (y - b.y) ** 2) / (2 * b.s * b.s)), 0),
        );
      }
      return img;
    }
    case 'smooth':
      return stretch(
        blur(
          img.map(() => rand()),
          between(rand, 1, 2.5),
        ),
      );
  }
}

/** `perKind` images of each noise kind, seeded. Label = index in NOISE_KINDS. */
export function makeNoise(perKind: number, seed = 20240101): GeneratedSet {
  const rand = seededRandom(seed);
  const images: Uint8Array[] = [];
  const labels: number[] = [];
  NOISE_KINDS.forEach((kind, label) => {
    for (let i = 0; i < perKind; i++) {
      images.push(Uint8Array.from(noiseImage(kind, rand), (v) => Math.round(v * 255)));
      labels.push(label);
    }
  });
  return { images, labels, labelNames: [...NOISE_KINDS] };
}

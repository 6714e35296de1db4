// Drawing dataset images: bytes (grey, or RGB channels last) to ImageData (cached) to a canvas of
// the image's size, and to a PNG. MNIST's 28×28 grey is the default shape.
import { MNIST_SHAPE, inputSize } from '../../../shared/data-shape';

/** What drawing needs of a dataset's shape. */
export interface ImageShape {
  height: number;
  width: number;
  channels: 1 | 3;
}

/** Values per MNIST image, and the side of the canvases that draw one. */
export const PIXELS = inputSize(MNIST_SHAPE);
export const SIDE = MNIST_SHAPE.width;
export const MNIST_IMAGE: ImageShape = { height: SIDE, width: SIDE, channels: 1 };

const imageCache = new Map<string, ImageData>();
const IMAGE_CACHE_SIZE = 6000;

/**
 * The ImageData of an image, cached by `key` (which names the dataset, split and index; least
 * recently used dropped first) so scrolling back is free.
 */
export function digitImage(key: string, pixels: Uint8Array, shape: ImageShape = MNIST_IMAGE): ImageData {
  const cached = imageCache.get(key);
  if (cached) {
    imageCache.delete(key);
    imageCache.set(key, cached);
    return cached;
  }
  const image = toImageData(pixels, shape);
  imageCache.set(key, image);
  if (imageCache.size > IMAGE_CACHE_SIZE) imageCache.delete(imageCache.keys().next().value ?? key);
  return image;
}

/** Grey (0 = black) or RGB bytes as opaque RGBA. */
export function toImageData(pixels: Uint8Array, shape: ImageShape = MNIST_IMAGE): ImageData {
  const image = new ImageData(shape.width, shape.height);
  const rgb = shape.channels === 3;
  for (let i = 0; i < shape.width * shape.height; i++) {
    for (let c = 0; c < 3; c++) image.data[i * 4 + c] = pixels[rgb ? i * 3 + c : i]!;
    image.data[i * 4 + 3] = 255;
  }
  return image;
}

/** Draws an image into a canvas of its size, or a placeholder while its pixels are on their way. */
export function drawDigit(canvas: HTMLCanvasElement, image: ImageData | null): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  if (image) ctx.putImageData(image, 0, 0);
  else {
    ctx.fillStyle = '#3a3f48';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  }
}

/** A PNG of one image, for asking the engine about it through the Check pipeline. */
export async function digitPng(pixels: Uint8Array, shape: ImageShape = MNIST_IMAGE): Promise<Blob | null> {
  const canvas = document.createElement('canvas');
  canvas.width = shape.width;
  canvas.height = shape.height;
  drawDigit(canvas, toImageData(pixels, shape));
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
}

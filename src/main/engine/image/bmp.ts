// A small decoder for uncompressed Windows bitmaps (what Paint saves), since sharp's prebuilt libvips
// has no BMP loader. Reads 1/4/8-bit palette, 24-bit and 32-bit images; RLE and others are refused.

import { CodedError } from '../../../shared/result';

export interface BmpHeader {
  width: number;
  height: number;
  bitsPerPixel: number;
  compression: number;
  dataOffset: number;
  /** Rows are stored bottom-up unless the height field is negative. */
  topDown: boolean;
  headerSize: number;
}

const BI_RGB = 0;
const BI_BITFIELDS = 3;

/** Reads the BMP header (throws corrupt_image / unsupported_format), without touching pixel data. */
export function readBmpHeader(buf: Uint8Array): BmpHeader {
  if (buf.length < 26) throw new CodedError('corrupt_image', 'the BMP header is truncated');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const headerSize = view.getUint32(14, true);
  if (headerSize < 40 || buf.length < 14 + 40) {
    throw new CodedError(
      'unsupported_format',
      'only Windows bitmaps with a 40-byte or newer header are read',
    );
  }
  const rawHeight = view.getInt32(22, true);
  return {
    width: view.getInt32(18, true),
    height: Math.abs(rawHeight),
    topDown: rawHeight < 0,
    bitsPerPixel: view.getUint16(28, true),
    compression: view.getUint32(30, true),
    dataOffset: view.getUint32(10, true),
    headerSize,
  };
}

/** Decodes an uncompressed BMP to RGBA bytes. */
export function decodeBmp(buf: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  const h = readBmpHeader(buf);
  const bpp = h.bitsPerPixel;
  const plain = h.compression === BI_RGB || (h.compression === BI_BITFIELDS && bpp === 32);
  if (!plain || ![1, 4, 8, 24, 32].includes(bpp)) {
    throw new CodedError(
      'unsupported_format',
      `BMP with ${bpp} bits per pixel and compression ${h.compression} is not read; save as PNG`,
    );
  }
  if (h.width <= 0 || h.height <= 0) throw new CodedError('corrupt_image', 'the BMP has no pixels');
  const stride = Math.ceil((h.width * bpp) / 32) * 4;
  if (h.dataOffset + stride * h.height > buf.length)
    throw new CodedError('corrupt_image', 'the BMP pixel data is truncated');
  const palette = bpp <= 8 ? buf.subarray(14 + h.headerSize, h.dataOffset) : null;
  const rgba = new Uint8Array(h.width * h.height * 4);
  for (let y = 0; y < h.height; y++) {
    const row = h.dataOffset + (h.topDown ? y : h.height - 1 - y) * stride;
    for (let x = 0; x < h.width; x++) {
      const o = (y * h.width + x) * 4;
      if (palette) {
        const bitPos = x * bpp;
        const byte = buf[row + (bitPos >> 3)]!;
        const index = (byte >> (8 - bpp - (bitPos & 7))) & ((1 << bpp) - 1);
        // Palette entries are 4 bytes: blue, green, red, reserved.
        rgba.set([palette[index * 4 + 2] ?? 0, palette[index * 4 + 1] ?? 0, palette[index * 4] ?? 0, 255], o);
      } else {
        const p = row + x * (bpp / 8);
        // 32-bit BI_RGB leaves the fourth byte unused; treat the image as opaque.
        rgba.set([buf[p + 2]!, buf[p + 1]!, buf[p]!, 255], o);
      }
    }
  }
  return { width: h.width, height: h.height, rgba };
}

import { describe, expect, it } from 'vitest';
import { sniffFormat } from './sniff';

describe('sniffFormat', () => {
  it.each([
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0], 'png'],
    [[0xff, 0xd8, 0xff, 0xe0], 'jpeg'],
    [[...Buffer.from('RIFF'), 0, 0, 0, 0, ...Buffer.from('WEBPVP8 ')], 'webp'],
    [[...Buffer.from('GIF89a')], 'gif'],
    [[0x49, 0x49, 0x2a, 0x00], 'tiff'],
    [[0x4d, 0x4d, 0x00, 0x2a], 'tiff'],
    [[...Buffer.from('BM')], 'bmp'],
    [[0, 0, 0, 0x18, ...Buffer.from('ftypheic')], 'heif'],
  ])('recognises %j as %s', (bytes, format) => {
    expect(sniffFormat(Uint8Array.from(bytes))).toBe(format);
  });

  it('recognises SVG behind a BOM, whitespace, a prolog or a comment', () => {
    for (const text of [
      '\uFEFF  <svg/>',
      '<?xml version="1.0"?><svg/>',
      '<!-- hi --><svg/>',
      '<!DOCTYPE svg><svg/>',
    ]) {
      expect(sniffFormat(Buffer.from(text))).toBe('svg');
    }
  });

  it('knows nothing of plain text or short input', () => {
    expect(sniffFormat(Buffer.from('hello'))).toBeNull();
    expect(sniffFormat(new Uint8Array(0))).toBeNull();
  });
});

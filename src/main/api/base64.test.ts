import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeBase64 } from './base64';

/** More than two slices of base64 text. */
const bytes = crypto.randomBytes(7_000_001);
const clean = bytes.toString('base64');

describe('decodeBase64', () => {
  it('decodes text of several slices to the bytes Buffer.from gives, in an ArrayBuffer of its own', async () => {
    const decoded = await decodeBase64(clean);
    expect(Buffer.from(decoded).equals(bytes)).toBe(true);
    expect(decoded.byteOffset).toBe(0);
    expect(await decodeBase64('')).toHaveLength(0);
  });

  it('decodes text with line breaks or stray characters as Buffer.from does', async () => {
    for (const text of [clean.replace(/(.{76})/g, '$1\n'), `${clean.slice(0, 1001)}*${clean.slice(1001)}`]) {
      const decoded = await decodeBase64(text);
      expect(Buffer.from(decoded).equals(Buffer.from(text, 'base64'))).toBe(true);
    }
  });
});

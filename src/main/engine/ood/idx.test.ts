import { describe, expect, it } from 'vitest';
import { parseIdx, writeIdx } from './idx';

describe('IDX', () => {
  it('round-trips dimensions and bytes', () => {
    const data = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i);
    const parsed = parseIdx(writeIdx([2, 3, 4], data));
    expect(parsed.dims).toEqual([2, 3, 4]);
    expect(Array.from(parsed.data)).toEqual(Array.from(data));
  });

  it('refuses other element types, truncation and trailing bytes', () => {
    const good = writeIdx([3], Uint8Array.from([1, 2, 3]));
    const floatType = Buffer.from(good);
    floatType[2] = 0x0d;
    expect(() => parseIdx(floatType)).toThrow(/unsigned-byte/);
    expect(() => parseIdx(good.subarray(0, good.length - 1))).toThrow(/header says/);
    expect(() => parseIdx(Buffer.concat([good, Buffer.from([0])]))).toThrow(/header says/);
    expect(() => parseIdx(good.subarray(0, 5))).toThrow(/truncated/);
  });
});

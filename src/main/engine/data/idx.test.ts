import { describe, expect, it } from 'vitest';
import { CodedError } from '../../../shared/result';
import { parseIdx, parseIdxImages, parseIdxLabels, writeIdx } from './idx';

function header(magic: number, dims: number[]): Buffer {
  const b = Buffer.alloc(4 + 4 * dims.length);
  b.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
  return b;
}

function images(count: number, extra = 0): Buffer {
  return Buffer.concat([header(0x803, [count, 28, 28]), Buffer.alloc(count * 784 + extra, 7)]);
}

function expectDataInvalid(fn: () => unknown, pattern: RegExp): void {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CodedError);
    expect((error as CodedError).code).toBe('data_invalid');
    expect((error as CodedError).message).toMatch(pattern);
    return;
  }
  throw new Error('expected a data_invalid error');
}

describe('IDX reader', () => {
  it('parses a well-formed image file', () => {
    const parsed = parseIdxImages(images(2), 'x');
    expect(parsed).toMatchObject({ count: 2, rows: 28, cols: 28 });
    expect(parsed.pixels.length).toBe(2 * 784);
  });

  it('refuses a wrong magic number, dimensions, count and size', () => {
    expectDataInvalid(
      () => parseIdxImages(Buffer.concat([header(0x801, [1, 28, 28]), Buffer.alloc(784)]), 'x'),
      /magic/,
    );
    expectDataInvalid(
      () => parseIdxImages(Buffer.concat([header(0x803, [1, 27, 28]), Buffer.alloc(756)]), 'x'),
      /27×28/,
    );
    expectDataInvalid(() => parseIdxImages(images(2), 'x', 3), /expected 3/);
    expectDataInvalid(() => parseIdxImages(images(2, 1), 'x'), /bytes/);
    expectDataInvalid(() => parseIdxImages(Buffer.alloc(5), 'x'), /too short/);
  });

  it('parses labels and refuses non-digits, wrong magic and truncation', () => {
    const ok = Buffer.concat([header(0x801, [3]), Buffer.from([0, 9, 4])]);
    expect(Array.from(parseIdxLabels(ok, 'y').labels)).toEqual([0, 9, 4]);
    expectDataInvalid(
      () => parseIdxLabels(Buffer.concat([header(0x801, [1]), Buffer.from([10])]), 'y'),
      /not a digit/,
    );
    expectDataInvalid(
      () => parseIdxLabels(Buffer.concat([header(0x803, [1]), Buffer.from([1])]), 'y'),
      /magic/,
    );
    expectDataInvalid(() => parseIdxLabels(ok.subarray(0, 10), 'y'), /expected 11/);
  });
});

describe('generic IDX', () => {
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

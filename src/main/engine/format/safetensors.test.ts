import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, type NamedTensor } from './safetensors';

const tensors: NamedTensor[] = [
  { name: 'layers.0.weight.mean', shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) },
  { name: 'layers.0.bias.mean', shape: [3], data: new Float32Array([-1, 0.5, 1e-7]) },
];

describe('safetensors', () => {
  it('round-trips tensors and metadata exactly', () => {
    const buf = encodeSafetensors(tensors, { format: 'unsure-posterior', version: '1' });
    const back = decodeSafetensors(buf);
    expect(back.metadata).toEqual({ format: 'unsure-posterior', version: '1' });
    expect(back.tensors.map((t) => t.name).sort()).toEqual(tensors.map((t) => t.name).sort());
    for (const t of tensors) {
      const got = back.tensors.find((b) => b.name === t.name)!;
      expect(got.shape).toEqual(t.shape);
      expect(Array.from(got.data)).toEqual(Array.from(t.data));
    }
  });

  it('aligns the data section to 8 bytes', () => {
    const buf = encodeSafetensors(tensors);
    expect((8 + Number(buf.readBigUInt64LE(0))) % 8).toBe(0);
  });

  it('refuses a shape that does not match the data', () => {
    expect(() => encodeSafetensors([{ name: 'x', shape: [4], data: new Float32Array(3) }])).toThrow(/shape/);
  });

  it.each([
    ['empty', Buffer.alloc(0)],
    ['random bytes', Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37) % 256))],
    ['huge header length', Buffer.from([255, 255, 255, 255, 0, 0, 0, 0, 123, 125])],
  ])('refuses %s with format_invalid', (_label, bytes) => {
    expect(() => decodeSafetensors(bytes)).toThrow(expect.objectContaining({ code: 'format_invalid' }));
  });

  it('refuses a truncated file and trailing bytes', () => {
    const buf = encodeSafetensors(tensors);
    expect(() => decodeSafetensors(buf.subarray(0, buf.length - 4))).toThrow(/past the end|trailing/);
    expect(() => decodeSafetensors(Buffer.concat([buf, Buffer.alloc(4)]))).toThrow(/trailing/);
  });

  it('refuses dtypes other than F32', () => {
    const json = JSON.stringify({ x: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } });
    const head = Buffer.alloc(8);
    head.writeBigUInt64LE(BigInt(json.length));
    expect(() => decodeSafetensors(Buffer.concat([head, Buffer.from(json), Buffer.alloc(8)]))).toThrow(/F32/);
  });
});

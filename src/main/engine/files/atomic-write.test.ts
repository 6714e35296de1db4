import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { openAtomicStream, writeFileAtomic, writeFileAtomicSync } from './atomic-write';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-atomic-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
const payload = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));

function freshDir(name: string): { dir: string; file: string } {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  const file = path.join(dir, 'checkpoint.safetensors');
  fs.writeFileSync(file, 'the previous good copy');
  return { dir, file };
}

describe('writeFileAtomicSync', () => {
  it('writes every byte when the OS takes only a few at a time', () => {
    const { file } = freshDir('short');
    const real = fs.writeSync.bind(fs) as (fd: number, b: Buffer, o: number, l: number) => number;
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, b: Buffer, o: number, l: number) =>
      real(fd, b, o, Math.min(l, 7))) as typeof fs.writeSync);
    writeFileAtomicSync(file, payload);
    expect(fs.readFileSync(file).equals(payload)).toBe(true);
  });

  it('on ENOSPC after a partial write: disk_full, the previous file kept, no temp file left', () => {
    const { dir, file } = freshDir('full');
    const real = fs.writeSync.bind(fs) as (fd: number, b: Buffer, o: number, l: number) => number;
    let calls = 0;
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, b: Buffer, o: number, l: number) => {
      if (++calls === 1) return real(fd, b, o, Math.floor(l / 2));
      throw enospc();
    }) as typeof fs.writeSync);
    expect(() => writeFileAtomicSync(file, payload)).toThrow(/disk is full/);
    expect(() => writeFileAtomicSync(file, payload)).toThrow(expect.objectContaining({ code: 'disk_full' }));
    expect(fs.readFileSync(file, 'utf8')).toBe('the previous good copy');
    expect(fs.readdirSync(dir)).toEqual(['checkpoint.safetensors']);
  });

  it('treats a write that makes no progress as a full disk instead of looping', () => {
    const { dir, file } = freshDir('stuck');
    vi.spyOn(fs, 'writeSync').mockReturnValue(0);
    expect(() => writeFileAtomicSync(file, payload)).toThrow(expect.objectContaining({ code: 'disk_full' }));
    expect(fs.readdirSync(dir)).toEqual(['checkpoint.safetensors']);
  });

  it('reports other failures as write_failed and fsyncs the folder after the rename', () => {
    const { dir, file } = freshDir('other');
    const fsync = vi.spyOn(fs, 'fsyncSync');
    writeFileAtomicSync(file, 'new');
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    expect(fsync).toHaveBeenCalledTimes(2); // the file, then its folder
    vi.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    });
    expect(() => writeFileAtomicSync(file, 'newer')).toThrow(
      expect.objectContaining({ code: 'write_failed' }),
    );
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    expect(fs.readdirSync(dir)).toEqual(['checkpoint.safetensors']);
  });
});

describe('writeFileAtomic (async)', () => {
  type WriteCb = (err: Error | null, written: number, buffer: Buffer) => void;
  const realWrite = fs.write.bind(fs) as unknown as (
    fd: number,
    b: Buffer,
    o: number,
    l: number,
    p: null,
    cb: WriteCb,
  ) => void;

  it('writes every byte across short writes', async () => {
    const { file } = freshDir('async-short');
    vi.spyOn(fs, 'write').mockImplementation(((
      fd: number,
      b: Buffer,
      o: number,
      l: number,
      p: null,
      cb: WriteCb,
    ) => realWrite(fd, b, o, Math.min(l, 11), p, cb)) as unknown as typeof fs.write);
    await writeFileAtomic(file, payload);
    expect(fs.readFileSync(file).equals(payload)).toBe(true);
  });

  it('on ENOSPC: disk_full, the previous file kept, no temp file left', async () => {
    const { dir, file } = freshDir('async-full');
    let calls = 0;
    vi.spyOn(fs, 'write').mockImplementation(((
      fd: number,
      b: Buffer,
      o: number,
      l: number,
      p: null,
      cb: WriteCb,
    ) => {
      if (++calls === 1) realWrite(fd, b, o, 100, p, cb);
      else cb(enospc(), 0, b);
    }) as unknown as typeof fs.write);
    await expect(writeFileAtomic(file, payload)).rejects.toMatchObject({ code: 'disk_full' });
    expect(fs.readFileSync(file, 'utf8')).toBe('the previous good copy');
    expect(fs.readdirSync(dir)).toEqual(['checkpoint.safetensors']);
  });
});

describe('openAtomicStream', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-atomic-stream-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('shows the old file until commit, then all the pieces written (past its buffer)', async () => {
    const file = path.join(dir, 'split.pixels');
    fs.writeFileSync(file, 'old');
    const stream = await openAtomicStream(file);
    const piece = Buffer.alloc(700 * 1024, 7);
    await stream.write(piece);
    await stream.write(piece);
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    await stream.commit();
    expect(fs.readFileSync(file).equals(Buffer.concat([piece, piece]))).toBe(true);
    expect(stream.bytes).toBe(2 * piece.length);
    expect(fs.readdirSync(dir)).toEqual(['split.pixels']);
  });

  it('leaves no file at all when abandoned', async () => {
    const file = path.join(dir, 'never');
    const stream = await openAtomicStream(file);
    await stream.write(Buffer.alloc(2 * 1024 * 1024, 1));
    await stream.abort();
    expect(fs.readdirSync(dir).filter((f) => f.includes('never'))).toEqual([]);
  });
});

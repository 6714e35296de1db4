import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFifo } from './test-files';
import { checkRegularFile, openChecked, readChecked, readCheckedSync, type FileKind } from './safe-read';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-safe-read-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const readers: [string, (file: string, kind: FileKind, followLinks?: boolean) => Promise<Buffer>][] = [
  ['readChecked', (file, kind, followLinks) => readChecked(file, kind, { followLinks })],
  [
    'readCheckedSync',
    (file, kind, followLinks) =>
      new Promise((resolve) => resolve(readCheckedSync(file, kind, { followLinks }))),
  ],
];

describe.each(readers)('%s', (_name, read) => {
  it('reads a regular file whole', async () => {
    fs.writeFileSync(path.join(dir, 'a.json'), '{"id":"x"}');
    expect((await read(path.join(dir, 'a.json'), 'active')).toString()).toBe('{"id":"x"}');
  });

  it('refuses a named pipe at once instead of waiting for a writer', async () => {
    const fifo = makeFifo(path.join(dir, 'metrics.json'));
    await expect(read(fifo, 'metrics')).rejects.toMatchObject({
      code: 'not_a_file',
      message: 'metrics.json is a named pipe (FIFO), not a plain file',
    });
    await expect(read(fifo, 'metrics', true)).rejects.toMatchObject({ code: 'not_a_file' });
  });

  it('refuses a link to /dev/zero (as a link, and as a device when links are followed)', async () => {
    const link = path.join(dir, 'posterior.safetensors');
    fs.symlinkSync('/dev/zero', link);
    await expect(read(link, 'posterior')).rejects.toMatchObject({
      code: 'not_a_file',
      message: expect.stringMatching(/symbolic link/) as unknown,
    });
    await expect(read(link, 'posterior', true)).rejects.toMatchObject({
      code: 'not_a_file',
      message: 'posterior.safetensors is a device, not a plain file',
    });
  });

  it('refuses a folder, a missing file, and a file over its kind’s cap', async () => {
    fs.mkdirSync(path.join(dir, 'model.json'));
    await expect(read(path.join(dir, 'model.json'), 'modelMeta')).rejects.toMatchObject({
      code: 'not_a_file',
      message: 'model.json is a folder, not a plain file',
    });
    await expect(read(path.join(dir, 'nope'), 'modelMeta')).rejects.toMatchObject({ code: 'file_missing' });
    fs.writeFileSync(path.join(dir, 'active.json'), Buffer.alloc(64 * 1024 + 1));
    await expect(read(path.join(dir, 'active.json'), 'active')).rejects.toMatchObject({
      code: 'file_too_large',
    });
  });
});

describe('openChecked and checkRegularFile', () => {
  it('reads ranges of a checked file without going past its checked size', async () => {
    fs.writeFileSync(path.join(dir, 'f'), 'abcdefgh');
    const file = await openChecked(path.join(dir, 'f'), 'image');
    try {
      expect(file.size).toBe(8);
      expect((await file.read(2, 3)).toString()).toBe('cde');
      expect((await file.read(6, 100)).toString()).toBe('gh');
    } finally {
      await file.close();
    }
  });

  it('checks a file without opening it', async () => {
    const fifo = makeFifo(path.join(dir, 'posterior.safetensors'));
    await expect(checkRegularFile(fifo, 'posterior')).rejects.toMatchObject({ code: 'not_a_file' });
    fs.writeFileSync(path.join(dir, 'ok'), 'x');
    await expect(checkRegularFile(path.join(dir, 'ok'), 'posterior')).resolves.toBeUndefined();
  });
});

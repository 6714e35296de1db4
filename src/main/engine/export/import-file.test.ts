// Importing from a file reads the header first: a header that already shows the wrong layout is
// refused before the data, and special files are refused before anything is read.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFifo } from '../files/test-files';
import { decodeSafetensors, encodeSafetensors } from '../format/safetensors';
import { writeFakeModel } from '../store/fixtures';
import { exportModel, importModelFile } from './index';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-import-file-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** An export whose config says hidden [16, 4] while its tensors are shaped for [8, 4]: the header shows it. */
async function wrongLayout(): Promise<{ bytes: Buffer; headerEnd: number }> {
  const dir = await writeFakeModel(root, { id: 'src', hidden: [8, 4] });
  const out = path.join(root, 'src.safetensors');
  expect((await exportModel(dir, out, '9.9.9')).ok).toBe(true);
  const file = decodeSafetensors(fs.readFileSync(out));
  const config = { ...(JSON.parse(file.metadata.config!) as object), hidden: [16, 4] };
  const bytes = encodeSafetensors(file.tensors, { ...file.metadata, config: JSON.stringify(config) });
  return { bytes, headerEnd: 8 + Number(bytes.readBigUInt64LE(0)) };
}

const WRONG_SHAPE = {
  code: 'import_invalid',
  message: expect.stringMatching(
    /layers\.0\.weight\.mean has shape \[784,8\], expected \[784,16\]/,
  ) as unknown,
};

/** Bytes this process has read through read(2) so far (Linux), or null elsewhere. */
function bytesRead(): number | null {
  try {
    return Number(/rchar: (\d+)/.exec(fs.readFileSync('/proc/self/io', 'utf8'))![1]);
  } catch {
    return null;
  }
}

describe('importModelFile', () => {
  it('refuses a header that shows the wrong shapes although the data after it is cut short', async () => {
    const { bytes, headerEnd } = await wrongLayout();
    const file = path.join(root, 'cut.safetensors');
    fs.writeFileSync(file, bytes.subarray(0, headerEnd + 10));
    expect(await importModelFile(root, file)).toMatchObject({ ok: false, error: WRONG_SHAPE });
  });

  it.runIf(bytesRead() !== null)('does not read the data of a file its header already refuses', async () => {
    const { bytes, headerEnd } = await wrongLayout();
    const file = path.join(root, 'huge.safetensors');
    fs.writeFileSync(file, bytes.subarray(0, headerEnd));
    fs.truncateSync(file, 256 * 1024 * 1024); // sparse: no disk used, 256 MB to read
    const before = bytesRead()!;
    expect(await importModelFile(root, file)).toMatchObject({ ok: false, error: WRONG_SHAPE });
    expect(bytesRead()! - before).toBeLessThan(16 * 1024 * 1024);
  });

  it('refuses a named pipe, a link to /dev/zero and a folder without reading them', async () => {
    const fifo = makeFifo(path.join(root, 'pipe.safetensors'));
    const zero = path.join(root, 'zero.safetensors');
    fs.symlinkSync('/dev/zero', zero);
    for (const [file, kind] of [
      [fifo, 'a named pipe'],
      [zero, 'a device'],
      [root, 'a folder'],
    ] as const) {
      const result = await importModelFile(root, file);
      expect(result).toMatchObject({ ok: false, error: { code: 'import_invalid' } });
      if (!result.ok) expect(result.error.message).toContain(kind);
    }
    expect(fs.existsSync(path.join(root, 'models'))).toBe(false);
  });
});

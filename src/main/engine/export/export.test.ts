import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeSafetensors, decodeSafetensors } from '../format/safetensors';
import { fakePosterior, writeFakeModel } from '../store/fixtures';
import { loadModel, listModels } from '../store/index';
import { exportModel, importModelBytes, importModelFile } from './index';

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'unsure-export-'));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function exported(id = 'src', hidden = [8, 4]): Promise<Buffer> {
  const dir = await writeFakeModel(root, { id, hidden });
  const out = path.join(root, `${id}.safetensors`);
  const result = await exportModel(dir, out, '9.9.9');
  expect(result.ok).toBe(true);
  return fs.readFile(out);
}

/** Re-encodes an export with its metadata or tensors changed. */
function tamper(bytes: Buffer, change: (file: ReturnType<typeof decodeSafetensors>) => void): Buffer {
  const file = decodeSafetensors(bytes);
  change(file);
  return encodeSafetensors(file.tensors, file.metadata);
}

describe('export and import', () => {
  it('round-trips a model: same tensors, config, metrics, calibration and name under a new id', async () => {
    const bytes = await exported();
    const now = new Date('2025-03-04T05:06:07Z');
    const result = await importModelBytes(root, bytes, now);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.id).toMatch(/^20250304-050607-custom-[0-9a-f]{4}$/);
    const original = await loadModel(path.join(root, 'models', 'src'));
    const imported = await loadModel(result.value.dir);
    expect(imported.posterior).toEqual(original.posterior);
    expect(imported.metrics).toEqual(original.metrics);
    const { id: _a, updatedAt: _b, ...rest } = imported.meta;
    const { id: _c, updatedAt: _d, ...expected } = original.meta;
    expect(rest).toEqual(expected);
  });

  it('writes metadata keys of the documented format', async () => {
    const meta = decodeSafetensors(await exported()).metadata;
    expect(Object.keys(meta).sort()).toEqual(
      [
        'app_version',
        'arch',
        'backend',
        'calibration',
        'config',
        'conv',
        'created_at',
        'family',
        'format',
        'hidden',
        'members',
        'metrics',
        'name',
        'step',
        'version',
      ].sort(),
    );
    expect(meta).toMatchObject({
      format: 'unsure-posterior',
      version: '1',
      app_version: '9.9.9',
      step: '200',
      family: 'mfvi',
      arch: 'mlp',
      hidden: '[8,4]',
      conv: '[]',
      members: '1',
    });
  });

  it('imports a minimal hand-made file (format, version, config and tensors only)', async () => {
    const file = encodeSafetensors(fakePosterior([5]), {
      format: 'unsure-posterior',
      version: '1',
      config: JSON.stringify({ hidden: [5] }),
    });
    const result = await importModelBytes(root, file);
    expect(result.ok && result.value.meta.name).toBe('Imported custom');
  });

  it('refuses malformed files with import_invalid and writes nothing', async () => {
    const good = await exported();
    const cases: [string, Buffer][] = [
      ['empty', Buffer.alloc(0)],
      ['random bytes', Buffer.from(Array.from({ length: 200 }, (_, i) => (i * 37) % 256))],
      ['truncated', good.subarray(0, good.length - 4)],
      ['foreign format', tamper(good, (f) => (f.metadata.format = 'pytorch'))],
      ['future version', tamper(good, (f) => (f.metadata.version = '2'))],
      ['config not JSON', tamper(good, (f) => (f.metadata.config = '{hidden'))],
      ['config invalid', tamper(good, (f) => (f.metadata.config = '{"hidden":[8,4],"beta":-1}'))],
      ['config missing', tamper(good, (f) => delete f.metadata.config)],
      ['metrics invalid', tamper(good, (f) => (f.metadata.metrics = '[{"step":-1}]'))],
      ['calibration invalid', tamper(good, (f) => (f.metadata.calibration = '{"score":"vibes"}'))],
      ['bad step', tamper(good, (f) => (f.metadata.step = '1e9'))],
      ['hidden mismatch', tamper(good, (f) => (f.metadata.config = '{"hidden":[8,5]}'))],
      ['missing tensor', tamper(good, (f) => f.tensors.pop())],
      [
        'extra tensor',
        tamper(good, (f) => f.tensors.push({ name: 'evil', shape: [1], data: new Float32Array(1) })),
      ],
      ['NaN', tamper(good, (f) => (f.tensors[0]!.data[3] = Number.NaN))],
      ['Infinity', tamper(good, (f) => (f.tensors[2]!.data[0] = Number.POSITIVE_INFINITY))],
      ['logvar out of range', tamper(good, (f) => (f.tensors[1]!.data[0] = 25))],
    ];
    const before = await fs.readdir(path.join(root, 'models'));
    for (const [label, bytes] of cases) {
      const result = await importModelBytes(root, bytes);
      expect(result.ok, label).toBe(false);
      if (!result.ok) expect(result.error.code, `${label}: ${result.error.message}`).toBe('import_invalid');
    }
    expect(await fs.readdir(path.join(root, 'models'))).toEqual(before);
    expect((await listModels(root)).broken).toEqual([]);
  });

  it('reports an unreadable path and a folder without writing', async () => {
    expect(await importModelFile(root, path.join(root, 'nope.safetensors'))).toMatchObject({
      ok: false,
      error: { code: 'import_unreadable' },
    });
    expect(await importModelFile(root, root)).toMatchObject({ ok: false, error: { code: 'import_invalid' } });
    await expect(fs.access(path.join(root, 'models'))).rejects.toThrow();
  });

  it('refuses to export a broken model and leaves no output file', async () => {
    const dir = await writeFakeModel(root, { id: 'bad' });
    await fs.writeFile(path.join(dir, 'posterior.safetensors'), 'junk');
    const out = path.join(root, 'bad.safetensors');
    expect(await exportModel(dir, out, '1')).toMatchObject({ ok: false, error: { code: 'model_invalid' } });
    await expect(fs.access(out)).rejects.toThrow();
  });
});

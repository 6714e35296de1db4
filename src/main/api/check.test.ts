import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResponse } from '../../shared/api/check';
import { encodeGray, mnistTestImages } from '../engine/image/test-images';
import { fakeMeta, writeFakeModel, writeFakeModelDir } from '../engine/store/fixtures';
import { dispatch, EventHub } from './dispatch';
import { createHandlers } from './handlers';

let root: string;
let handlers: ReturnType<typeof createHandlers>;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-check-'));
  await writeFakeModelDir(path.join(root, 'resources', 'default-model'), { id: 'default-model' });
  handlers = createHandlers({
    appVersion: '0.0.0-test',
    transport: 'web',
    dataRoot: path.join(root, 'data'),
    resourcesDir: path.join(root, 'resources'),
    events: new EventHub(),
    dialogs: null,
  });
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('checkImages', () => {
  it('gives a verdict per image and an error in place for a broken one, in order', async () => {
    const digit = await encodeGray(Uint8Array.from(mnistTestImages(1)[0]!), 28, 28, 'png');
    const files = [
      { name: 'seven.png', dataBase64: digit.toString('base64') },
      { name: 'broken.png', dataBase64: digit.subarray(0, 40).toString('base64') },
      {
        name: 'notes.svg',
        dataBase64: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>').toString('base64'),
      },
    ];
    const result = await dispatch(handlers, 'checkImages', [{ files, samples: 8 }]);
    expect(result.ok).toBe(true);
    const { results, modelId } = (result.ok ? result.value : null) as CheckResponse;
    expect(modelId).toBe('default-model');
    expect(results.map((r) => [r.file, r.ok])).toEqual([
      ['seven.png', true],
      ['broken.png', false],
      ['notes.svg', false],
    ]);
    const first = results[0]!;
    if (!first.ok) throw new Error('expected a verdict');
    expect(first.seenPng).toMatch(/^data:image\/png;base64,/);
    expect(first.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(first.threshold).toBe(0.3);
    expect(['accept', 'reject']).toContain(first.verdict);
    const svg = results[2]!;
    expect(!svg.ok && svg.error.code).toBe('unsupported_format');
  });

  it('says which model is missing', async () => {
    const result = await dispatch(handlers, 'checkImages', [
      { files: [{ name: 'a.png', dataBase64: 'AA==' }], modelId: 'nope' },
    ]);
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('judges by a well-separating score when the model was calibrated on one that separates poorly', async () => {
    const dir = await writeFakeModel(path.join(root, 'data'), { id: 'std-calibrated' });
    const meta = fakeMeta({ id: 'std-calibrated' });
    const scores = {
      std: { auroc: 0.7 },
      entropy: { auroc: 0.95 },
      mutual_information: { auroc: 0.6 },
      max_prob: { auroc: 0.9 },
    };
    const calibration = { ...meta.calibration!, ood: { letters: { auroc: 0.7, scores } } };
    fs.writeFileSync(path.join(dir, 'model.json'), JSON.stringify({ ...meta, calibration }));
    const digit = await encodeGray(Uint8Array.from(mnistTestImages(1)[0]!), 28, 28, 'png');
    const files = [{ name: 'seven.png', dataBase64: digit.toString('base64') }];
    const result = await dispatch(handlers, 'checkImages', [
      { files, samples: 4, modelId: 'std-calibrated' },
    ]);
    expect((result.ok ? (result.value as CheckResponse) : null)?.results[0]).toMatchObject({
      ok: true,
      scoreName: 'entropy',
      threshold: 1,
    });
    // Asked for by name, the poor score is still used.
    const asked = await dispatch(handlers, 'checkImages', [
      { files, samples: 4, modelId: 'std-calibrated', score: 'std' },
    ]);
    expect((asked.ok ? (asked.value as CheckResponse) : null)?.results[0]).toMatchObject({
      ok: true,
      scoreName: 'std',
      threshold: 0.3,
    });
  });
});

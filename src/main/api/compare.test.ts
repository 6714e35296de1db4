// compareModels through the handlers: every figure for every model on the shipped and the user's sets,
// the same figures `unsure compare` computes in its own process, and other requests answered meanwhile.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelComparison } from '../../shared/api/compare';
import { SCORE_NAMES } from '../../shared/uncertainty/scores';
import { compareModelsHere } from '../cli/compare';
import { drawGlyph, encodeGray } from '../engine/image/test-images';
import { loadModel } from '../engine/store';
import { writeFakeModel, writeFakeModelDir } from '../engine/store/fixtures';
import { dispatch } from './dispatch';
import { testHandlers } from './test-handlers';

let root: string;
let handlers: ReturnType<typeof testHandlers>;
const SAMPLES = 2;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-compare-api-'));
  const resources = path.join(root, 'resources');
  await writeFakeModelDir(path.join(resources, 'default-model'), { id: 'default-model' });
  await writeFakeModel(path.join(root, 'data'), { id: 'wider', hidden: [16], seed: 2 });
  fs.cpSync(path.resolve('resources', 'ood'), path.join(resources, 'ood'), { recursive: true });
  // Small pictures in place of the shipped photos, so the timed verdicts are quick.
  const photos = path.join(resources, 'samples', 'digits-on-paper');
  fs.mkdirSync(photos, { recursive: true });
  const png = await encodeGray(drawGlyph(60, 60), 60, 60, 'png');
  for (const name of ['a.png', 'b.png', 'c.png']) fs.writeFileSync(path.join(photos, name), png);
  handlers = testHandlers(path.join(root, 'data'), resources);
  const added = await dispatch(handlers, 'addOodSet', [
    { name: 'My glyphs', files: [{ name: 'g.png', dataBase64: png.toString('base64') }] },
  ]);
  if (!added.ok) throw new Error(added.error.message);
  // A marked digit and a marked non-digit: the teach loop's sets, compared before and after.
  const seven = await encodeGray(drawGlyph(60, 60, 240, 0), 60, 60, 'png');
  for (const [name, data, label] of [
    ['seven.png', seven, 7],
    ['glyph.png', png, null],
  ] as const) {
    const marked = await dispatch(handlers, 'markPicture', [
      { name, dataBase64: data.toString('base64'), label },
    ]);
    if (!marked.ok) throw new Error(marked.error.message);
  }
}, 120_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('compareModels', () => {
  it('gives every figure for every model on the shipped sets and the user’s, as `unsure compare` does', async () => {
    const order: string[] = [];
    const running = dispatch(handlers, 'compareModels', [
      { modelIds: ['default-model', 'wider'], samples: SAMPLES },
    ]).then((r) => {
      order.push('compareModels');
      return r;
    });
    // A cheap request sent once the comparison has started is answered before it ends.
    await new Promise((resolve) => setImmediate(resolve));
    const info = await dispatch(handlers, 'getSystemInfo', []);
    order.push(info.ok ? 'getSystemInfo' : 'getSystemInfo failed');
    const result = await running;
    if (!result.ok) throw new Error(result.error.message);
    expect(order).toEqual(['getSystemInfo', 'compareModels']);

    const c = ModelComparison.parse(result.value);
    expect(c.models.map((m) => m.id)).toEqual(['default-model', 'wider']);
    expect(c.sets.map((s) => s.kind)).toContain('shipped');
    expect(c.sets.slice(-3)).toMatchObject([
      { name: 'My glyphs', kind: 'user', labelled: false, count: 1 },
      { id: 'marked-digits', kind: 'marked', labelled: true, count: 1 },
      { id: 'marked-not-digits', kind: 'marked', labelled: false, count: 1 },
    ]);
    for (const m of c.models) {
      expect(m.verdictMs).toBeGreaterThan(0);
      expect(m.trainingSeconds).toBe(0.2);
      // Read right or not: the marked digit's share is 0 or 1; the other sets have none.
      expect([0, 1]).toContain(m.sets.at(-2)!.accuracy);
      expect(m.sets.filter((s) => s.accuracy !== null)).toHaveLength(1);
      for (const name of SCORE_NAMES)
        for (const set of m.sets) expect(set.scores[name].histogram).toHaveLength(c.edges[name].length - 1);
    }

    // The same models sampled in this process (the CLI's way) give the same figures.
    const here = await compareModelsHere(
      [
        await loadModel(path.join(root, 'resources', 'default-model')),
        await loadModel(path.join(root, 'data', 'models', 'wider')),
      ],
      {
        samples: SAMPLES,
        oodDirs: [],
        backend: 'auto',
        resourcesDir: path.join(root, 'resources'),
        dataRoot: path.join(root, 'data'),
      },
    );
    expect(here.sets.map((s) => s.id)).toEqual(c.sets.filter((s) => s.kind !== 'user').map((s) => s.id));
    c.models.forEach((m, k) => {
      expect(m.test).toEqual(here.models[k]!.test);
      expect(m.sets.filter((s) => s.id !== c.sets.find((x) => x.kind === 'user')!.id)).toEqual(
        here.models[k]!.sets,
      );
    });
  }, 300_000);

  it('refuses an unknown model with not_found', async () => {
    const result = await dispatch(handlers, 'compareModels', [{ modelIds: ['nowhere'] }]);
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

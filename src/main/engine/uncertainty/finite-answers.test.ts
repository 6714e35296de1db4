// A posterior with finite but huge values (a first-layer bias of 3e38) answers NaN: it must never be
// imported, activated, reported on, or give an accept.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../api/dispatch';
import { testHandlers } from '../../api/test-handlers';
import { runCli } from '../../cli/program';
import { engineServices } from '../../cli/wiring';
import { exportModel, importModelBytes } from '../export';
import { encodeSafetensors } from '../format/safetensors';
import { drawGlyph, encodeGray } from '../image/test-images';
import { fakePosterior, writeFakeModel } from '../store/fixtures';
import { getActive, loadModel } from '../store';
import { POSTERIOR_FILE } from '../store/paths';
import { judgeImages } from '../verdicts';
import { assertFiniteAnswers } from './finite-answers';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-finite-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/**
 * A stored model whose every value is finite but whose answers are NaN: a first-layer bias of 3e38
 * meeting output weights of 1e30 (every logit overflows), or every first-layer weight 3e38.
 */
async function overflowingModel(id: string, everyWeight = false): Promise<string> {
  const dir = await writeFakeModel(root, { id });
  const tensors = fakePosterior([8]);
  if (everyWeight) tensors.find((t) => t.name === 'layers.0.weight.mean')!.data.fill(3e38);
  else {
    tensors.find((t) => t.name === 'layers.0.bias.mean')!.data[0] = 3e38;
    tensors.find((t) => t.name === 'layers.1.weight.mean')!.data.fill(1e30);
  }
  const metadata = { format: 'unsure-posterior', version: '1', config: '{}', step: '200' };
  fs.writeFileSync(path.join(dir, POSTERIOR_FILE), encodeSafetensors(tensors, metadata));
  return dir;
}

function handlers(): ReturnType<typeof testHandlers> {
  return testHandlers(root, path.join(root, 'resources'));
}

const NON_FINITE = {
  code: 'non_finite_output',
  message: expect.stringMatching(/not a number|not numbers/) as unknown,
};

describe('a posterior that answers NaN', () => {
  it('gives no accept for a picture: the result says the answer is not a number', async () => {
    const model = await loadModel(await overflowingModel('huge'));
    const png = await encodeGray(drawGlyph(40, 40), 40, 40, 'png');
    const [result] = await judgeImages(model, [{ name: 'seven.png', input: png }], {
      samples: 4,
      score: 'entropy',
    });
    expect(result).toMatchObject({ file: 'seven.png', ok: false, error: NON_FINITE });
  });

  it('is refused by import, which writes nothing', async () => {
    const dir = await overflowingModel('huge');
    const out = path.join(root, 'huge.safetensors');
    const exported = await exportModel(dir, out, '9.9.9');
    expect(exported.ok).toBe(true);
    fs.rmSync(dir, { recursive: true });
    const result = await importModelBytes(root, fs.readFileSync(out));
    expect(result).toMatchObject({ ok: false, error: NON_FINITE });
    expect(fs.readdirSync(path.join(root, 'models'))).toEqual([]);
  });

  it('cannot be made active, from the app or the CLI; a sound model can', async () => {
    await overflowingModel('huge');
    await writeFakeModel(root, { id: 'sound' });
    const api = handlers();
    const refused = await dispatch(api, 'setActiveModel', [{ id: 'huge' }]);
    expect(refused).toMatchObject({ ok: false, error: NON_FINITE });
    expect(await getActive(root)).toBeNull();
    const err: string[] = [];
    const io = { stdout: () => {}, stderr: (t: string) => err.push(t), isTTY: false, cwd: root };
    const code = await runCli(['activate', 'huge'], { ...io, env: { UNSURE_HOME: root } }, engineServices());
    expect(code).toBe(1);
    expect(err.join('')).toMatch(/not numbers/);
    expect(await getActive(root)).toBeNull();
    expect(await dispatch(api, 'setActiveModel', [{ id: 'sound' }])).toMatchObject({ ok: true });
    expect(await getActive(root)).toBe('sound');
  });

  it('gets a coded error from the uncertainty report instead of scores that are not numbers', async () => {
    await overflowingModel('huge', true);
    const result = await dispatch(handlers(), 'getUncertaintyReport', [
      { modelId: 'huge', score: 'entropy', samples: 2 },
    ]);
    expect(result).toMatchObject({ ok: false, error: NON_FINITE });
  });

  it('passes the probe when it is sound', async () => {
    await expect(
      assertFiniteAnswers(await loadModel(await writeFakeModel(root, { id: 'ok' }))),
    ).resolves.toBe(undefined);
  });
});

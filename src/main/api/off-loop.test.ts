// Heavy model work (importing a large posterior file, calibrating) runs off the event loop that
// answers requests: a cheap request sent once it has started is answered before it ends.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeExport } from '../engine/export';
import { MODEL_FILE } from '../engine/store/paths';
import { fakeMeta, fakePosterior, writeFakeModel, writeFakeModelDir } from '../engine/store/fixtures';
import { dispatch, EventHub } from './dispatch';
import { createHandlers } from './handlers';

let root: string;
let handlers: ReturnType<typeof createHandlers>;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-off-loop-'));
  const resources = path.join(root, 'resources');
  await writeFakeModelDir(path.join(resources, 'default-model'), { id: 'default-model' });
  handlers = createHandlers({
    appVersion: '0.0.0-test',
    transport: 'web',
    dataRoot: path.join(root, 'data'),
    resourcesDir: resources,
    events: new EventHub(),
    dialogs: null,
  });
  // A running app has loaded the backend already.
  await dispatch(handlers, 'getSystemInfo', []);
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/**
 * A ~50 MB export file of a wide model. With `overflow`, one bias of 3e38 makes its answers
 * overflow, so the import reads and probes the whole file and then refuses it.
 */
function wideExport(overflow: boolean): Uint8Array {
  const meta = { ...fakeMeta({ id: 'wide', hidden: [2048, 2048] }), calibration: null };
  const posterior = fakePosterior(meta.config.hidden);
  if (overflow) posterior.find((t) => t.name === 'layers.0.bias.mean')!.data[0] = 3e38;
  return encodeExport({ dir: '', meta, posterior, metrics: [] }, '0.0.0-test');
}

/** Starts `heavy`, then sends getSystemInfo at the next turn of the event loop; the order of answers. */
async function answerOrder(heavy: () => Promise<unknown>): Promise<{ order: string[]; result: unknown }> {
  const order: string[] = [];
  const running = heavy().then((result) => {
    order.push('heavy');
    return result;
  });
  await new Promise((resolve) => setImmediate(resolve));
  const info = await dispatch(handlers, 'getSystemInfo', []);
  order.push(info.ok ? 'getSystemInfo' : 'getSystemInfo failed');
  return { order, result: await running };
}

describe('heavy model work off the event loop', () => {
  it('answers a cheap request while a large import file is read and refused', async () => {
    const data = wideExport(true);
    const { order, result } = await answerOrder(() =>
      dispatch(handlers, 'importModel', [{ fileName: 'wide.safetensors', data }]),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'non_finite_output' } });
    expect(order).toEqual(['getSystemInfo', 'heavy']);
    expect(fs.existsSync(path.join(root, 'data', 'models'))).toBe(false);
  }, 120_000);

  it('answers a cheap request while a large import is written, and imports it', async () => {
    const data = wideExport(false);
    const { order, result } = await answerOrder(() =>
      dispatch(handlers, 'importModel', [{ fileName: 'wide.safetensors', data }]),
    );
    expect(result).toMatchObject({ ok: true, value: { builtIn: false } });
    expect(order).toEqual(['getSystemInfo', 'heavy']);
  }, 120_000);

  it('answers a cheap request while a model is calibrated', async () => {
    // Random weights: the whole calibration runs, then it is refused as a model that guesses.
    const id = '20240101-000000-custom-cccc';
    const dir = await writeFakeModel(path.join(root, 'data'), { id, hidden: [16] });
    const meta = JSON.parse(fs.readFileSync(path.join(dir, MODEL_FILE), 'utf8')) as object;
    fs.writeFileSync(path.join(dir, MODEL_FILE), JSON.stringify({ ...meta, calibration: null }));
    const { order, result } = await answerOrder(() => dispatch(handlers, 'calibrateModel', [{ id }]));
    expect(result).toMatchObject({ ok: false, error: { code: 'near_chance' } });
    expect(order).toEqual(['getSystemInfo', 'heavy']);
  }, 120_000);
});

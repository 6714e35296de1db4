import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeFolderSet } from '../engine/datasets/test-sets';
import type { CliServices } from './services';
import { runCliCapturing } from './test-cli';

let home: string;

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-cli-data-'));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

const unused = (): never => {
  throw new Error('not used by `unsure data`');
};
const services: CliServices = {
  appVersion: '1.2.3',
  presets: {},
  defaultPreset: 'article',
  datasetManifest: unused,
  train: unused,
  check: unused,
  read: unused,
  evaluate: unused,
  fitGuarantee: unused,
  compare: unused,
};

const run = (...argv: string[]) =>
  runCliCapturing(['data', ...argv], services, { env: { UNSURE_HOME: path.join(home, 'data') }, cwd: home });

describe('unsure data', () => {
  it('imports a folder set, lists it, shows its classes and deletes it', async () => {
    await makeFolderSet(path.join(home, 'shapes'), {
      classes: { circle: 7, square: 7 },
      width: 12,
      height: 12,
      channels: 1,
    });
    const imported = await run('import', '--name', 'shapes', 'shapes');
    expect(imported).toMatchObject({ code: 0, err: '' });
    expect(imported.out).toBe('imported shapes: 2 classes, 12×12 grey, train 12, test 2\n');

    const listed = await run('list', '--json');
    const names = (JSON.parse(listed.out) as { datasets: { name: string }[] }).datasets.map((d) => d.name);
    expect(names).toEqual(['mnist', 'shapes']);

    const shown = await run('show', 'shapes');
    expect(shown.out).toContain('circle                         6       1');

    expect(await run('delete', 'shapes')).toMatchObject({ code: 0, out: 'deleted shapes\n' });
    expect((await run('show', 'shapes')).code).toBe(2);
  });

  it('exits 2 with one line on wrong input', async () => {
    const missing = await run('import', '--name', 'x', 'nowhere');
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(`unsure: ${path.join(home, 'nowhere')} does not exist\n`);
    const badName = await run('import', '--name', 'No Good', '.');
    expect(badName.code).toBe(2);
    expect(badName.err.split('\n')).toHaveLength(2);
    expect((await run('import', '--name', 'x', '--preparation', 'paint', '.')).err).toBe(
      'unsure: --preparation must be ink or fit, got "paint"\n',
    );
    expect(await run('delete', 'mnist')).toMatchObject({
      code: 2,
      err: 'unsure: "mnist" is built in and cannot be deleted\n',
    });
  });
});

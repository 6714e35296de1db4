import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultTrainerEntry } from './client';

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-entry-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe('defaultTrainerEntry', () => {
  // Regression: served training failed because shared code bundled into out/main/chunks looked
  // for trainer-process.js beside itself, not in out/main.
  it('finds out/main/trainer-process.js from code bundled into out/main/chunks', () => {
    const main = path.join(out, 'main');
    fs.mkdirSync(path.join(main, 'chunks'), { recursive: true });
    fs.writeFileSync(path.join(main, 'trainer-process.js'), '');
    expect(defaultTrainerEntry(path.join(main, 'chunks'))).toEqual({
      entry: path.join(main, 'trainer-process.js'),
      execArgv: [],
    });
    expect(defaultTrainerEntry(main).entry).toBe(path.join(main, 'trainer-process.js'));
  });

  it('falls back to the TypeScript source through tsx when nothing is bundled', () => {
    const { entry, execArgv } = defaultTrainerEntry(path.join(out, 'src', 'main', 'engine', 'train'));
    expect(entry.endsWith(path.join('src', 'main', 'trainer-process.ts'))).toBe(true);
    expect(execArgv).toEqual(['--import', 'tsx']);
  });
});

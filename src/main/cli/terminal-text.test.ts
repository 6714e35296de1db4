import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MODEL_FILE } from '../engine/store/paths';
import { writeFakeModel } from '../engine/store/fixtures';
import type { CliIo } from './io';
import { runCli } from './program';
import { terminalSafe } from './terminal-text';
import { engineServices } from './wiring';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-cli-text-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** Clears the screen, retitles the window, rings the bell, reverses the text that follows. */
const HOSTILE = 'evil\u001b[2J\u001b]0;pwned\u0007\u009b31m\u202etxt.exe\r';

async function run(argv: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    isTTY: false,
    env: { UNSURE_HOME: root, UNSURE_RESOURCES: path.join(root, 'none') },
    cwd: root,
  };
  const code = await runCli(argv, io, engineServices());
  return { out, err, code };
}

/** Nothing a terminal would act on: no control character but newline, no bidi override. */
function expectInert(text: string): void {
  const acted = [...text].filter((c) => {
    const code = c.codePointAt(0)!;
    const control = (code < 0x20 && c !== '\n') || (code >= 0x7f && code <= 0x9f);
    return control || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
  });
  expect(acted).toEqual([]);
}

describe('CLI output', () => {
  it('shows control characters of a model name as visible escapes', async () => {
    const dir = await writeFakeModel(root, { id: 'hostile' });
    const meta = JSON.parse(fs.readFileSync(path.join(dir, MODEL_FILE), 'utf8')) as { name: string };
    fs.writeFileSync(path.join(dir, MODEL_FILE), JSON.stringify({ ...meta, name: HOSTILE }));
    const { out } = await run(['models']);
    expectInert(out);
    expect(out).toContain('evil\\x1b[2J\\x1b]0;pwned\\x07\\x9b31m\\u202etxt.exe\\x0d');
  });

  it('neutralises them in error messages that quote a file name', async () => {
    const { err, code } = await run(['import', `no-such-${HOSTILE}.safetensors`]);
    expect(code).toBe(1);
    expectInert(err);
    expect(err).toContain('\\x1b[2J');
  });

  it('keeps newlines and tabs, and plain text as it is', () => {
    expect(terminalSafe('a\tb\nc — ü ✓\n')).toBe('a\tb\nc — ü ✓\n');
    expect(terminalSafe('\u0000\u007f\u2066')).toBe('\\x00\\x7f\\u2066');
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_INDEX_URL, rendererFileFor, serveRendererFile } from './app-protocol';

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-app-protocol-'));
  fs.mkdirSync(path.join(root, 'assets'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
  fs.writeFileSync(path.join(root, 'assets', 'style.css'), 'body{}');
  fs.writeFileSync(path.join(root, 'assets', 'notes.txt'), 'not part of a build');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('rendererFileFor', () => {
  it('maps app://unsure paths into the folder, / to index.html', () => {
    expect(rendererFileFor(root, APP_INDEX_URL)).toBe(path.join(root, 'index.html'));
    expect(rendererFileFor(root, 'app://unsure/')).toBe(path.join(root, 'index.html'));
    expect(rendererFileFor(root, 'app://unsure/assets/a%20b.css?v=1#x')).toBe(
      path.join(root, 'assets', 'a b.css'),
    );
  });

  it('refuses other schemes and hosts, climbing out, backslashes, NUL and bad escapes', () => {
    for (const url of [
      'file:///etc/passwd',
      'app://evil/index.html',
      'app://unsure/..%2f..%2fetc%2fpasswd',
      'app://unsure/assets%2f..%2f..%2fx.html',
      'app://unsure/..%5cx.html',
      'app://unsure/index.html%00.png',
      'app://unsure/%E0%A4%A',
      'not a url',
    ])
      expect(rendererFileFor(root, url), url).toBeNull();
  });
});

describe('serveRendererFile', () => {
  it('answers GET and HEAD with the file’s type, nosniff and the desktop CSP', async () => {
    const css = await serveRendererFile(root, new Request('app://unsure/assets/style.css'));
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('x-content-type-options')).toBe('nosniff');
    expect(css.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await css.text()).toBe('body{}');
    const head = await serveRendererFile(root, new Request(APP_INDEX_URL, { method: 'HEAD' }));
    expect(head.status).toBe(200);
  });

  it('refuses other methods, folders, missing files and file types a build does not make', async () => {
    const post = await serveRendererFile(root, new Request(APP_INDEX_URL, { method: 'POST', body: 'x' }));
    expect(post.status).toBe(405);
    for (const url of ['app://unsure/assets', 'app://unsure/missing.js', 'app://unsure/assets/notes.txt'])
      expect((await serveRendererFile(root, new Request(url))).status, url).toBe(404);
  });
});

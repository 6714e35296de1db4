import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, metaContentSecurityPolicy } from './security';

const indexHtml = path.resolve(__dirname, '../renderer/index.html');

/** The content of every CSP meta tag in an HTML document (double-quoted attributes, as Prettier writes). */
function metaPolicies(html: string): string[] {
  const policies: string[] = [];
  for (const [tag] of html.matchAll(/<meta\b[^>]*>/gi)) {
    const attributes = new Map(
      [...tag.matchAll(/([\w-]+)\s*=\s*"([^"]*)"/g)].map(([, name = '', value = '']) => [
        name.toLowerCase(),
        value,
      ]),
    );
    if (attributes.get('http-equiv')?.toLowerCase() === 'content-security-policy')
      policies.push(attributes.get('content') ?? '');
  }
  return policies;
}

function directive(policy: string, name: string): string | undefined {
  return policy
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.split(/\s+/)[0] === name);
}

describe('Content-Security-Policy', () => {
  it('index.html carries the same policy as the header, less header-only directives', () => {
    // The Electron window loads index.html from file://, where only the meta tag applies.
    expect(metaPolicies(fs.readFileSync(indexHtml, 'utf8'))).toEqual([metaContentSecurityPolicy()]);
  });

  it('finds a CSP meta tag however its attributes are laid out', () => {
    const html =
      '<head><meta charset="UTF-8" /><meta\n content="default-src \'none\'"\n HTTP-EQUIV="content-security-policy">';
    expect(metaPolicies(html)).toEqual(["default-src 'none'"]);
    expect(metaPolicies('<meta name="viewport" content="width=device-width" />')).toEqual([]);
  });

  it('drops only the directives a meta tag cannot carry', () => {
    expect(metaContentSecurityPolicy("default-src 'self'; frame-ancestors 'none'; report-uri /r")).toBe(
      "default-src 'self'",
    );
    expect(metaContentSecurityPolicy(CONTENT_SECURITY_POLICY)).not.toContain('frame-ancestors');
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });

  it('allows scripts from the app only: no inline code, no eval, no remote hosts', () => {
    expect(directive(CONTENT_SECURITY_POLICY, 'script-src')).toBe("script-src 'self'");
    const sources = CONTENT_SECURITY_POLICY.split(/[;\s]+/);
    expect(sources).not.toContain("'unsafe-eval'");
    expect(sources.filter((source) => source === '*' || /^https?:/.test(source))).toEqual([]);
    expect(directive(CONTENT_SECURITY_POLICY, 'object-src')).toBe("object-src 'none'");
  });
});

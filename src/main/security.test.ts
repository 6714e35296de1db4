import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESKTOP_CONTENT_SECURITY_POLICY, WEB_CONTENT_SECURITY_POLICY } from './security';

const indexHtml = path.resolve(__dirname, '../renderer/index.html');
const POLICIES = { desktop: DESKTOP_CONTENT_SECURITY_POLICY, web: WEB_CONTENT_SECURITY_POLICY };

function directive(policy: string, name: string): string | undefined {
  return policy
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.split(/\s+/)[0] === name);
}

describe('Content-Security-Policy', () => {
  it('is not in index.html: a meta copy would need keeping in step and would add web-only sources', () => {
    expect(fs.readFileSync(indexHtml, 'utf8')).not.toMatch(/content-security-policy/i);
  });

  it.each(Object.entries(POLICIES))(
    '%s: scripts from the app only, no inline code, no eval, no remote hosts',
    (_name, policy) => {
      expect(directive(policy, 'script-src')).toBe("script-src 'self'");
      const sources = policy.split(/[;\s]+/);
      expect(sources).not.toContain("'unsafe-eval'");
      expect(sources.filter((source) => source === '*' || /^https?:/.test(source))).toEqual([]);
      expect(directive(policy, 'object-src')).toBe("object-src 'none'");
      expect(directive(policy, 'frame-ancestors')).toBe("frame-ancestors 'none'");
    },
  );

  it('lets the desktop window connect nowhere but its own origin (its API is IPC)', () => {
    expect(directive(DESKTOP_CONTENT_SECURITY_POLICY, 'connect-src')).toBe("connect-src 'self'");
    expect(DESKTOP_CONTENT_SECURITY_POLICY).not.toMatch(/wss?:/);
  });

  it('lets the served page open a WebSocket only to this machine', () => {
    const connect = directive(WEB_CONTENT_SECURITY_POLICY, 'connect-src')?.split(/\s+/).slice(1) ?? [];
    const sockets = connect.filter((source) => /^wss?:/.test(source));
    expect(sockets.length).toBeGreaterThan(0);
    for (const source of sockets) expect(source).toMatch(/^ws:\/\/(127\.0\.0\.1|localhost|\[::1\]):\*$/);
  });
});

// Who may use the web server. Three checks, each stopping a different stranger:
// - Host must name this machine's loopback on the serving port, for static files and the API alike:
//   a DNS-rebinding page (attacker.example resolved to 127.0.0.1) sends `Host: attacker.example`.
// - The WebSocket's Origin must be one of those same loopback origins: another page open in the
//   browser, even one served from 127.0.0.1 on another port, sends its own origin.
// - The WebSocket must present this launch's key. It travels only in the URL fragment `serve`
//   prints (never sent in a request for a page) and in the served page's own storage, so no other
//   origin can read it, and neither can another user's process on this machine, which could forge
//   Host and Origin. A cookie set by the first page load would not do: whoever can fetch a page
//   gets it, and cookies are shared by every port of 127.0.0.1.
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { KEY_PARAMETER } from '../../shared/ws-protocol';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];
const KEY_PATTERN = /^[A-Za-z0-9_-]{32,128}$/;

/** A fresh launch key: 256 random bits, base64url. */
export function newLaunchKey(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Whether `key` is strong enough to guard the server (for keys handed in from outside). */
export function isValidLaunchKey(key: string): boolean {
  return KEY_PATTERN.test(key);
}

/** The Host header values that name this server: a loopback name and the serving port. */
export function allowedHosts(port: number): Set<string> {
  const hosts = LOOPBACK_NAMES.map((name) => `${name}:${port}`);
  if (port === 80) hosts.push(...LOOPBACK_NAMES);
  return new Set(hosts);
}

/** Whether the request names this server in its Host header. */
export function hostAllowed(req: IncomingMessage, hosts: Set<string>): boolean {
  return hosts.has((req.headers.host ?? '').toLowerCase());
}

/** Whether the WebSocket request comes from a page this server served. */
export function originAllowed(req: IncomingMessage, hosts: Set<string>): boolean {
  const origin = (req.headers.origin ?? '').toLowerCase();
  return origin.startsWith('http://') && hosts.has(origin.slice('http://'.length));
}

/** Compares keys in time independent of where they differ (and of their lengths). */
export function keysMatch(given: string, expected: string): boolean {
  const digest = (text: string): Buffer => crypto.createHash('sha256').update(text).digest();
  return crypto.timingSafeEqual(digest(given), digest(expected));
}

/** The launch key a WebSocket request carries in its URL, or null. */
export function requestKey(req: IncomingMessage): string | null {
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get(KEY_PARAMETER);
}

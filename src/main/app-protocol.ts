// The desktop window's own origin, app://unsure: the built renderer served from its folder by a
// protocol handler instead of file://, so the page gets a real origin, response headers (the CSP)
// and no reach into the rest of the disk. Kept free of Electron imports so it is unit-tested under Node.
import fs from 'node:fs/promises';
import path from 'node:path';
import { DESKTOP_CONTENT_SECURITY_POLICY } from './security';

export const APP_SCHEME = 'app';
export const APP_HOST = 'unsure';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** The scheme's privileges, as protocol.registerSchemesAsPrivileged takes them (before `ready`). */
export const APP_SCHEME_PRIVILEGES = {
  // standard: relative URLs, an origin and web storage; secure: treated like https (no mixed
  // content, secure-context APIs such as the camera); supportFetchAPI: fetch() of its own files.
  standard: true,
  secure: true,
  supportFetchAPI: true,
} as const;

// Only the kinds of file a renderer build holds; anything else is not the app's and is refused.
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

function refuse(status: 403 | 404 | 405): Response {
  return new Response(null, {
    status,
    headers: { 'Content-Security-Policy': DESKTOP_CONTENT_SECURITY_POLICY },
  });
}

/**
 * The file under `rootDir` that an app:// URL names, or null when the URL is not ours or its
 * decoded path leaves the folder (`..`, encoded slashes or backslashes, NUL bytes).
 */
export function rendererFileFor(rootDir: string, url: string): string | null {
  let parsed: URL;
  let pathname: string;
  try {
    parsed = new URL(url);
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = path.resolve(rootDir);
  const file = path.resolve(root, relative);
  const inside = path.relative(root, file);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return null;
  return file;
}

/** Answers one app:// request from the built renderer folder, with its type and the desktop CSP. */
export async function serveRendererFile(rootDir: string, request: Request): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405);
  const file = rendererFileFor(rootDir, request.url);
  if (!file) return refuse(403);
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()];
  if (!type) return refuse(404);
  let body: Buffer;
  try {
    // A regular file only: a folder, FIFO or device under the renderer folder is not served.
    if (!(await fs.stat(file)).isFile()) return refuse(404);
    body = await fs.readFile(file);
  } catch {
    return refuse(404);
  }
  const headers = {
    'Content-Type': type,
    'Content-Security-Policy': DESKTOP_CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
  };
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers });
}

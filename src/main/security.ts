// One Content-Security-Policy for the Electron window and the web server: scripts only from the
// app itself, no eval, no remote content; WebSocket only back to the serving host.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' ws://127.0.0.1:* ws://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

// Directives a browser ignores (and warns about) when the policy comes from a <meta> tag.
const HEADER_ONLY_DIRECTIVES = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

/**
 * The policy as src/renderer/index.html carries it in `<meta http-equiv>`: the header's policy less
 * the header-only directives. The meta tag is what protects the Electron window, which loads
 * index.html from file:// where `webRequest.onHeadersReceived` never runs.
 */
export function metaContentSecurityPolicy(policy: string = CONTENT_SECURITY_POLICY): string {
  return policy
    .split(';')
    .map((directive) => directive.trim())
    .filter((directive) => directive !== '' && !HEADER_ONLY_DIRECTIVES.has(directive.split(/\s+/)[0] ?? ''))
    .join('; ');
}

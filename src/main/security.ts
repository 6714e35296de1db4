// The Content-Security-Policy of each way the UI is served, always sent as a response header (the
// desktop app's app:// handler and dev server hook, the web server): scripts only from the app
// itself, no eval, no remote content. The two differ only in what the page may connect to.

const SHARED_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

function policy(connectSrc: string): string {
  return [...SHARED_DIRECTIVES, connectSrc].join('; ');
}

/** The desktop window talks to main over IPC only: no WebSocket, no other host. */
export const DESKTOP_CONTENT_SECURITY_POLICY = policy("connect-src 'self'");

/** `npm run serve`: the page's API is a WebSocket back to the serving host on this machine. */
export const WEB_CONTENT_SECURITY_POLICY = policy("connect-src 'self' ws://127.0.0.1:* ws://localhost:*");

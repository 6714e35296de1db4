// Which URLs are the app's own pages: the one gate for navigation and for trusting IPC senders.
// Kept free of Electron imports so it is unit-tested under Node.

/** Where the renderer is loaded from: the app:// origin and, in an unpackaged dev run, the Vite server. */
export interface AppUrlSources {
  /** The built renderer's origin, `app://unsure`. */
  appOrigin: string;
  devServerUrl?: string | undefined;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Builds the predicate "is this URL one of the app's pages?". URLs are parsed, never compared as
 * prefixes: `http://localhost:5173.evil.example` or `app://unsure.evil/` must not pass. Any path of
 * the app:// origin is the app's: its handler serves nothing but the built renderer folder.
 */
export function appUrlMatcher(sources: AppUrlSources): (url: string) => boolean {
  const app = parse(sources.appOrigin);
  if (!app || app.host === '' || /^(https?|file):$/.test(app.protocol))
    throw new Error('appOrigin must be a custom scheme with a host, such as app://unsure');
  const dev = sources.devServerUrl ? parse(sources.devServerUrl) : null;
  const devOrigin = dev && (dev.protocol === 'http:' || dev.protocol === 'https:') ? dev.origin : null;
  return (url) => {
    const candidate = parse(url);
    if (!candidate) return false;
    // URL.origin is "null" for custom schemes, so compare scheme and host; no user info, no port.
    if (candidate.protocol === app.protocol)
      return candidate.host === app.host && candidate.username === '' && candidate.password === '';
    return devOrigin !== null && candidate.origin === devOrigin;
  };
}

/** An IPC sender frame as Electron describes it: its URL, and its parent (null for a top frame). */
export interface SenderFrameLike {
  url: string;
  parent: unknown;
}

/** True when IPC comes from the top frame of one of the app's own pages (not an iframe, not gone). */
export function isTrustedSender(
  frame: SenderFrameLike | null | undefined,
  isAppUrl: (url: string) => boolean,
): boolean {
  return frame != null && frame.parent === null && isAppUrl(frame.url);
}

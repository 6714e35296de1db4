// Which URLs are the app's own pages: the one gate for navigation and for trusting IPC senders.
// Kept free of Electron imports so it is unit-tested under Node.

/** Where the renderer is loaded from: the built index.html (file://) and, in dev, the Vite server. */
export interface AppUrlSources {
  rendererIndexUrl: string;
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
 * prefixes: `http://localhost:5173.evil.example` or `file:///…/index.html/../x` must not pass.
 */
export function appUrlMatcher(sources: AppUrlSources): (url: string) => boolean {
  const index = parse(sources.rendererIndexUrl);
  if (!index || index.protocol !== 'file:') throw new Error('rendererIndexUrl must be a file:// URL');
  const dev = sources.devServerUrl ? parse(sources.devServerUrl) : null;
  const devOrigin = dev && (dev.protocol === 'http:' || dev.protocol === 'https:') ? dev.origin : null;
  return (url) => {
    const candidate = parse(url);
    if (!candidate) return false;
    if (candidate.protocol === 'file:') {
      // Query and hash are the page's own state; the document itself must be the built index.html.
      return candidate.host === index.host && candidate.pathname === index.pathname;
    }
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

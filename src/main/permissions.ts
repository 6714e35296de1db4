// Which browser permissions the desktop window gets: the camera, for "Use camera" in Check, and
// nothing else. Kept free of Electron imports so it is unit-tested under Node.

/** What Electron tells a permission request handler about the request (a subset of its types). */
export interface PermissionRequestDetails {
  requestingUrl: string;
  isMainFrame: boolean;
  /** Media requests only: the devices asked for. */
  mediaTypes?: readonly string[] | undefined;
  /** Media requests only: the origin asking. */
  securityOrigin?: string | undefined;
}

/**
 * True only for a camera request — `media` asking for video and nothing else (no microphone) — from
 * the top frame of one of the app's own pages. Chromium asks this only when the page calls
 * getUserMedia, which the renderer does when the user clicks "Use camera"; every other permission,
 * origin or frame is refused.
 */
export function allowsPermissionRequest(
  permission: string,
  details: PermissionRequestDetails,
  isAppUrl: (url: string) => boolean,
): boolean {
  if (permission !== 'media') return false;
  const types = details.mediaTypes ?? [];
  if (types.length === 0 || types.some((type) => type !== 'video')) return false;
  if (details.securityOrigin !== undefined && !isAppUrl(details.securityOrigin)) return false;
  return details.isMainFrame && isAppUrl(details.requestingUrl);
}

// Web mode's launch key: `serve` prints the page's address with the key in its fragment. The page
// keeps it in its own origin's storage (so a reload or a second tab still connects) and takes it out
// of the address bar, where screenshots and shared screens would show it.
import { KEY_PARAMETER, KEY_STORAGE_ITEM } from '../../../../shared/ws-protocol';

/**
 * The key from the address (read on every call: a user may paste the printed address into a tab
 * that is already open, which changes only the fragment), else the one this origin stored.
 */
export function launchKey(): string | null {
  const fromUrl = new URLSearchParams(location.hash.slice(1)).get(KEY_PARAMETER);
  if (fromUrl) {
    try {
      localStorage.setItem(KEY_STORAGE_ITEM, fromUrl);
    } catch {
      // Storage may be off; the key still serves this page.
    }
    history.replaceState(null, '', location.pathname + location.search);
    return fromUrl;
  }
  try {
    return localStorage.getItem(KEY_STORAGE_ITEM);
  } catch {
    return null;
  }
}

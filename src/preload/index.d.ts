import type { UnsureApi } from '../shared/contract';

declare global {
  interface Window {
    /** Present in the Electron app only; in web mode the renderer talks over a WebSocket. */
    unsure?: UnsureApi;
  }
}

export {};

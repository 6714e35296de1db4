// Runs the Electron entry (src/main/index.ts) against a fake `electron` module: no Electron binary
// is needed, and what the shell asks of Electron — window settings, the app:// protocol, permission
// and navigation handlers, the data folder — is checked as data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppContext } from './api/context';
import type * as handlersModule from './api/handlers';
import type * as pathsModule from './paths';
import { createContext } from './cli/context';
import type { CliServices } from './cli/services';

type Listener = (...args: unknown[]) => unknown;

/** A fake web contents: records its listeners and window-open handler. */
class FakeContents {
  listeners = new Map<string, Listener[]>();
  windowOpenHandler: Listener | null = null;
  on(name: string, listener: Listener): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    return this;
  }
  once(name: string, listener: Listener): this {
    return this.on(name, listener);
  }
  send(): void {}
  isDestroyed(): boolean {
    return false;
  }
  setWindowOpenHandler(handler: Listener): void {
    this.windowOpenHandler = handler;
  }
  /** Emits `name` with a fresh event; returns whether a listener called preventDefault. */
  emitPreventable(name: string, ...args: unknown[]): boolean {
    const event = { preventDefault: vi.fn() };
    for (const listener of this.listeners.get(name) ?? []) listener(event, ...args);
    return event.preventDefault.mock.calls.length > 0;
  }
}

const fake = vi.hoisted(() => {
  const state = {
    isPackaged: false,
    appListeners: new Map<string, ((...args: unknown[]) => unknown)[]>(),
    windows: [] as { options: Record<string, unknown>; loadURL: ReturnType<typeof vi.fn> }[],
    privileged: [] as unknown[],
    protocolHandlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
    permissionRequest: null as null | ((...args: unknown[]) => void),
    permissionCheck: null as null | ((...args: unknown[]) => boolean),
    devicePermission: null as null | ((...args: unknown[]) => boolean),
    contexts: [] as unknown[],
    rendererDir: '',
  };
  return state;
});

vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = (): unknown[] => fake.windows;
    static getFocusedWindow = (): null => null;
    webContents = new FakeContents();
    loadURL = vi.fn(() => Promise.resolve());
    constructor(public options: Record<string, unknown>) {
      fake.windows.push(this);
    }
    once(): void {}
    show(): void {}
  }
  return {
    app: {
      get isPackaged() {
        return fake.isPackaged;
      },
      enableSandbox: vi.fn(),
      whenReady: () => Promise.resolve(),
      getPath: (name: string) => `/fake-electron-path/${name}`,
      on: (name: string, listener: (...args: unknown[]) => unknown) => {
        fake.appListeners.set(name, [...(fake.appListeners.get(name) ?? []), listener]);
      },
      quit: vi.fn(),
    },
    BrowserWindow,
    dialog: { showSaveDialog: vi.fn() },
    ipcMain: { handle: vi.fn() },
    utilityProcess: { fork: vi.fn() },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => fake.privileged.push(...schemes),
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
        fake.protocolHandlers.set(scheme, handler),
    },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: vi.fn() },
        setPermissionRequestHandler: (handler: (...args: unknown[]) => void) => {
          fake.permissionRequest = handler;
        },
        setPermissionCheckHandler: (handler: (...args: unknown[]) => boolean) => {
          fake.permissionCheck = handler;
        },
        setDevicePermissionHandler: (handler: (...args: unknown[]) => boolean) => {
          fake.devicePermission = handler;
        },
      },
    },
  };
});

// The real handlers, with the context the shell gives them recorded.
vi.mock('./api/handlers', async (importOriginal) => {
  const original = await importOriginal<typeof handlersModule>();
  return {
    createHandlers: (ctx: unknown) => {
      fake.contexts.push(ctx);
      return original.createHandlers(ctx as AppContext);
    },
  };
});

// The built renderer, as a small folder of its own beside a file that must stay unreachable.
vi.mock('./paths', async (importOriginal) => ({
  ...(await importOriginal<typeof pathsModule>()),
  rendererDir: () => fake.rendererDir,
}));

const savedEnv = { ...process.env };
let home: string;

/** Loads index.ts afresh with the given environment and waits until its window exists. */
async function launch(options: { packaged?: boolean; env?: Record<string, string> } = {}): Promise<void> {
  fake.isPackaged = options.packaged ?? false;
  Object.assign(process.env, options.env);
  vi.resetModules();
  await import('./index');
  await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
}

function onlyWindow(): (typeof fake.windows)[number] {
  const [win] = fake.windows;
  if (!win) throw new Error('no window');
  return win;
}

/** A web contents as Electron hands it to `web-contents-created`, with the app's guards attached. */
function guardedContents(): FakeContents {
  const contents = new FakeContents();
  for (const listener of fake.appListeners.get('web-contents-created') ?? []) listener({}, contents);
  return contents;
}

function requestPermission(permission: string, details: Record<string, unknown>): boolean {
  const callback = vi.fn();
  fake.permissionRequest?.({}, permission, callback, { isMainFrame: true, ...details });
  expect(callback).toHaveBeenCalledTimes(1);
  return callback.mock.calls[0]?.[0] === true;
}

function serve(url: string): Promise<Response> {
  const handler = fake.protocolHandlers.get('app');
  if (!handler) throw new Error('no app:// handler');
  return Promise.resolve(handler(new Request(url)));
}

beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'unsure-shell-'));
  process.env = { ...savedEnv, HOME: home, XDG_DATA_HOME: path.join(home, 'data') };
  delete process.env.UNSURE_HOME;
  delete process.env.ELECTRON_RENDERER_URL;
  fake.rendererDir = path.join(home, 'renderer');
  fs.mkdirSync(path.join(fake.rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(fake.rendererDir, 'index.html'), '<!doctype html><div id="app"></div>');
  fs.writeFileSync(path.join(fake.rendererDir, 'assets', 'index.js'), 'export {};');
  fs.writeFileSync(path.join(home, 'secret.txt'), 'SECRET');
  Object.assign(fake, { isPackaged: false, windows: [], privileged: [], contexts: [] });
  fake.appListeners.clear();
  fake.protocolHandlers.clear();
  fake.permissionRequest = fake.permissionCheck = fake.devicePermission = null;
});
afterEach(() => {
  process.env = { ...savedEnv };
  fs.rmSync(home, { recursive: true, force: true });
});

describe('Electron shell (index.ts against a fake electron)', () => {
  it('opens one window with isolated, sandboxed, Node-free web preferences', async () => {
    await launch();
    expect(onlyWindow().options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    const prefs = onlyWindow().options.webPreferences as Record<string, unknown>;
    expect(prefs.nodeIntegrationInWorker ?? false).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames ?? false).toBe(false);
    expect(prefs.experimentalFeatures ?? false).toBe(false);
    expect(prefs.enableBlinkFeatures).toBeUndefined();
  });

  it('loads the renderer from app://unsure, a standard, secure, fetch-capable scheme', async () => {
    await launch();
    expect(onlyWindow().loadURL).toHaveBeenCalledWith('app://unsure/index.html');
    expect(fake.privileged).toHaveLength(1);
    expect(fake.privileged[0]).toMatchObject({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
  });

  it('serves renderer files with their type and the desktop CSP, and nothing outside the folder', async () => {
    await launch();
    const index = await serve('app://unsure/index.html');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/ws:/);
    expect(await index.text()).toContain('<div id="app">');
    const script = await serve('app://unsure/assets/index.js');
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    for (const url of [
      'app://unsure/../etc/passwd',
      'app://unsure/..%2fsecret.txt',
      'app://unsure/assets/..%2f..%2fsecret.txt',
      'app://unsure/%2e%2e/secret.txt',
      'app://unsure/..%5csecret.txt',
      `app://unsure/${encodeURIComponent(path.join(home, 'secret.txt'))}`,
      'app://other/index.html',
    ]) {
      const response = await serve(url);
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(await response.text(), url).not.toContain('SECRET');
    }
  });

  it('refuses every permission but the camera, which only the app’s own page gets', async () => {
    await launch();
    const camera = {
      mediaTypes: ['video'],
      requestingUrl: 'app://unsure/index.html',
      securityOrigin: 'app://unsure',
    };
    expect(requestPermission('media', camera)).toBe(true);
    expect(requestPermission('media', { ...camera, mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(requestPermission('media', { ...camera, mediaTypes: ['audio'] })).toBe(false);
    expect(requestPermission('media', { ...camera, mediaTypes: [] })).toBe(false);
    expect(requestPermission('media', { ...camera, isMainFrame: false })).toBe(false);
    expect(
      requestPermission('media', {
        ...camera,
        requestingUrl: 'https://evil.example/',
        securityOrigin: 'https://evil.example',
      }),
    ).toBe(false);
    expect(
      requestPermission('media', {
        ...camera,
        requestingUrl: 'file:///etc/passwd',
        securityOrigin: undefined,
      }),
    ).toBe(false);
    for (const permission of [
      'notifications',
      'geolocation',
      'clipboard-read',
      'display-capture',
      'openExternal',
      'hid',
    ])
      expect(requestPermission(permission, camera), permission).toBe(false);
    for (const permission of ['media', 'notifications', 'clipboard-read'])
      expect(fake.permissionCheck?.({}, permission, 'app://unsure', {}), permission).toBe(false);
    expect(fake.devicePermission?.({ deviceType: 'usb', origin: 'app://unsure' })).toBe(false);
  });

  it('keeps navigation on the app’s own pages and opens no window', async () => {
    await launch();
    const contents = guardedContents();
    expect(contents.emitPreventable('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.emitPreventable('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.emitPreventable('will-redirect', 'app://evil/index.html')).toBe(true);
    expect(contents.emitPreventable('will-navigate', 'app://unsure/index.html#/models')).toBe(false);
    expect(contents.emitPreventable('will-attach-webview')).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'app://unsure/index.html' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('keeps its data in UNSURE_HOME when set', async () => {
    const unsureHome = path.join(home, 'custom');
    await launch({ env: { UNSURE_HOME: unsureHome } });
    expect(fake.contexts).toEqual([expect.objectContaining({ dataRoot: unsureHome })]);
  });

  it('shares its default data folder with the CLI', async () => {
    await launch();
    const cli = createContext(
      { stdout: () => {}, stderr: () => {}, isTTY: false, env: process.env, cwd: home },
      {} as CliServices,
      () => {},
    );
    expect(cli.root).toBe(path.join(home, 'data', 'unsure'));
    expect(fake.contexts).toEqual([expect.objectContaining({ dataRoot: cli.root })]);
  });

  it('loads ELECTRON_RENDERER_URL in a development run only, never when packaged', async () => {
    await launch({ env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } });
    expect(onlyWindow().loadURL).toHaveBeenCalledWith('http://localhost:5173');

    fake.windows = [];
    await launch({ packaged: true, env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } });
    expect(onlyWindow().loadURL).toHaveBeenCalledWith('app://unsure/index.html');
    const contents = guardedContents();
    expect(contents.emitPreventable('will-navigate', 'http://localhost:5173/')).toBe(true);
  });
});

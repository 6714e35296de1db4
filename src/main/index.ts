// Electron entry: a thin shell over the same handlers the web server uses.
import path from 'node:path';
import { app, BrowserWindow, dialog, protocol, session } from 'electron';
import { EventHub } from './api/dispatch';
import { createHandlers } from './api/handlers';
import type { AppContext } from './api/context';
import { forwardEvents, registerIpc } from './ipc/electron-ipc';
import { spawnUtilityTrainer } from './ipc/utility-trainer';
import {
  APP_INDEX_URL,
  APP_ORIGIN,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  serveRendererFile,
} from './app-protocol';
import { appUrlMatcher, isTrustedSender } from './app-url';
import { resolveDataRoot } from './engine/store/paths';
import { rendererDir, resourcesDir } from './paths';
import { allowsPermissionRequest } from './permissions';
import { DESKTOP_CONTENT_SECURITY_POLICY } from './security';
import { APP_VERSION } from './version';

// A dev server is a developer's tool: an installed app loads only its own files, whatever the
// environment says.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const isAppUrl = appUrlMatcher({ appOrigin: APP_ORIGIN, devServerUrl });

// Must happen before `ready`. Every renderer sandboxed, whatever a window's own webPreferences say.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
app.enableSandbox();

function createWindow(events: EventHub): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Unsure',
    // The window and taskbar icon (installers take theirs from electron-builder.yml's icon).
    icon: path.join(resourcesDir(), 'icon.png'),
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // A middle click on a link would ask for a new window; there are none to open.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  forwardEvents(events, win.webContents);
  void win.loadURL(devServerUrl ?? APP_INDEX_URL);
  return win;
}

// The built renderer comes from app://unsure, whose handler adds the CSP; the hook below gives the
// dev server's pages the same policy. The only browser permission granted is the camera, to the
// app's own page when it asks; no other window or site is ever opened.
function lockDown(): void {
  const rendererRoot = rendererDir();
  protocol.handle(APP_SCHEME, (request) => serveRendererFile(rendererRoot, request));
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [DESKTOP_CONTENT_SECURITY_POLICY],
      },
    });
  });
  ses.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(allowsPermissionRequest(permission, details, isAppUrl)),
  );
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  app.on('web-contents-created', (_event, contents) => {
    const refuseForeign = (event: { preventDefault: () => void }, url: string): void => {
      if (!isAppUrl(url)) event.preventDefault();
    };
    contents.on('will-navigate', refuseForeign);
    contents.on('will-redirect', refuseForeign);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

async function main(): Promise<void> {
  await app.whenReady();
  lockDown();
  const events = new EventHub();
  const ctx: AppContext = {
    appVersion: APP_VERSION,
    transport: 'electron',
    dataRoot: resolveDataRoot(),
    resourcesDir: resourcesDir(),
    events,
    spawnTrainer: spawnUtilityTrainer,
    dialogs: {
      chooseSavePath: async (defaultName, filters) => {
        const focused = BrowserWindow.getFocusedWindow();
        const options = { defaultPath: defaultName, filters };
        const result = focused
          ? await dialog.showSaveDialog(focused, options)
          : await dialog.showSaveDialog(options);
        return result.canceled || !result.filePath ? null : result.filePath;
      },
      chooseFolder: async (title) => {
        const focused = BrowserWindow.getFocusedWindow();
        const options = { title, properties: ['openDirectory' as const] };
        const result = focused
          ? await dialog.showOpenDialog(focused, options)
          : await dialog.showOpenDialog(options);
        return result.canceled ? null : (result.filePaths[0] ?? null);
      },
    },
  };
  registerIpc(createHandlers(ctx), events, (event) => isTrustedSender(event.senderFrame, isAppUrl));
  createWindow(events);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(events);
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

void main();

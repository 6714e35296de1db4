// Electron entry: a thin shell over the same handlers the web server uses.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, session } from 'electron';
import { EventHub } from './api/dispatch';
import { createHandlers } from './api/handlers';
import type { AppContext } from './api/context';
import { forwardEvents, registerIpc } from './ipc/electron-ipc';
import { spawnUtilityTrainer } from './ipc/utility-trainer';
import { appUrlMatcher, isTrustedSender } from './app-url';
import { rendererDir, resourcesDir } from './paths';
import { CONTENT_SECURITY_POLICY } from './security';
import { APP_VERSION } from './version';

const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const rendererIndex = pathToFileURL(path.join(rendererDir(), 'index.html')).href;
const isAppUrl = appUrlMatcher({ rendererIndexUrl: rendererIndex, devServerUrl });

// Every renderer sandboxed, whatever a window's own webPreferences say.
app.enableSandbox();

function createWindow(events: EventHub): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Unsure',
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
  void (devServerUrl ? win.loadURL(devServerUrl) : win.loadURL(rendererIndex));
  return win;
}

// The app needs no browser permission (camera, notifications, clipboard, devices…) and opens no
// other window or site: every request is refused. The CSP header covers the dev server (http);
// the built index.html, loaded from file://, carries the same policy in a meta tag.
function lockDown(): void {
  const ses = session.defaultSession;
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
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
    dataRoot: app.getPath('userData'),
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

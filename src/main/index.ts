// Electron entry: a thin shell over the same handlers the web server uses.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, session, shell } from 'electron';
import { EventHub } from './api/dispatch';
import { createHandlers } from './api/handlers';
import type { AppContext } from './api/context';
import { forwardEvents, registerIpc } from './ipc/electron-ipc';
import { spawnUtilityTrainer } from './ipc/utility-trainer';
import { rendererDir, resourcesDir } from './paths';
import { CONTENT_SECURITY_POLICY } from './security';
import { APP_VERSION } from './version';

const devServerUrl = process.env.ELECTRON_RENDERER_URL;
const rendererIndex = pathToFileURL(path.join(rendererDir(), 'index.html')).href;

function isAppUrl(url: string): boolean {
  if (devServerUrl && url.startsWith(devServerUrl)) return true;
  return url === rendererIndex || url.startsWith(`${rendererIndex}#`) || url.startsWith(`${rendererIndex}?`);
}

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
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  forwardEvents(events, win.webContents);
  void (devServerUrl ? win.loadURL(devServerUrl) : win.loadURL(rendererIndex));
  return win;
}

function lockDown(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
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
  registerIpc(
    createHandlers(ctx),
    events,
    (event) => event.senderFrame !== null && isAppUrl(event.senderFrame.url),
  );
  createWindow(events);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(events);
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

void main();

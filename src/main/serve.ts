// `npm run serve`: the same UI and handlers as the desktop app, in a browser, on 127.0.0.1.
import { Command, InvalidArgumentError } from 'commander';
import { EventHub } from './api/dispatch';
import { createHandlers } from './api/handlers';
import { resolveDataRoot } from './engine/store/paths';
import { rendererDir, resourcesDir } from './paths';
import { isValidLaunchKey, newLaunchKey } from './serve/access';
import { startWebServer } from './serve/server';
import { APP_VERSION } from './version';

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidArgumentError('a port from 0 to 65535');
  return port;
}

/**
 * This launch's key: fresh each start, or UNSURE_SERVE_KEY for a harness that starts the server
 * itself (the e2e suite). An environment variable, unlike an argument, is hidden from other users.
 */
function launchKey(): string {
  const given = process.env.UNSURE_SERVE_KEY;
  if (given === undefined || given === '') return newLaunchKey();
  if (!isValidLaunchKey(given))
    throw new Error('UNSURE_SERVE_KEY must be 32 to 128 characters of A-Z, a-z, 0-9, _ and -');
  return given;
}

async function main(): Promise<void> {
  const program = new Command('unsure-serve')
    .description('Serve the Unsure UI to a browser on this machine')
    .option(
      '--port <port>',
      'port to listen on (0 picks a free one)',
      parsePort,
      Number(process.env.PORT ?? 5317),
    )
    .option('--data <dir>', 'data folder (models, OOD sets)', resolveDataRoot())
    .showHelpAfterError(false)
    .configureOutput({ outputError: (text, write) => write(`unsure-serve: ${text.replace(/^error: /, '')}`) })
    .parse();
  const opts = program.opts<{ port: number; data: string }>();
  const events = new EventHub();
  const ctx = {
    appVersion: APP_VERSION,
    transport: 'web' as const,
    dataRoot: opts.data,
    resourcesDir: resourcesDir(),
    events,
    dialogs: null,
  };
  const server = await startWebServer({
    handlers: createHandlers(ctx),
    events,
    rendererDir: rendererDir(),
    launchKey: launchKey(),
    port: opts.port,
  });
  console.log(`Unsure is serving on ${server.url}`);
  console.log('Open that address as it is: its key lets the page reach this server, and changes each start.');
  const shutdown = (): void => void server.close().then(() => process.exit(0));
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(`unsure-serve: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

// Handlers over a temp data folder, as the web server builds them, for tests that dispatch requests.
import { EventHub } from './dispatch';
import { createHandlers } from './handlers';

/** The app's handlers for `dataRoot`, with no native dialogs. */
export function testHandlers(dataRoot: string, resourcesDir: string): ReturnType<typeof createHandlers> {
  return createHandlers({
    appVersion: '0.0.0-test',
    transport: 'web',
    dataRoot,
    resourcesDir,
    events: new EventHub(),
    dialogs: null,
  });
}

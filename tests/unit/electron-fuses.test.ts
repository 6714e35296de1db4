// The packaged binary's fuses, read by electron-builder's own config loader and schema, so a typo
// in a fuse name or a value flipped back fails here rather than in an installer nobody tests.
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

interface BuilderConfig {
  electronFuses?: Record<string, boolean> | null;
}
interface ConfigModule {
  getConfig(projectDir: string, configPath: null, configFromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
}

const projectDir = path.resolve(__dirname, '../..');
// app-builder-lib is electron-builder's engine; its loader is what `npm run package` runs.
const require = createRequire(path.join(projectDir, 'package.json'));
const config = require('app-builder-lib/out/util/config/config') as ConfigModule;
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

describe('electron-builder fuses', () => {
  it('turns off file:// privileges, run-as-node, NODE_OPTIONS and inspect; validates asar', async () => {
    const loaded = await config.getConfig(projectDir, null, null);
    await config.validateConfiguration(loaded, new DebugLogger(false));
    expect(loaded.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });
});

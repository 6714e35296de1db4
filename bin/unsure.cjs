#!/usr/bin/env node
// The `unsure` command: starts the bundled CLI, or says in one line how to build it.
const fs = require('node:fs');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write(
    'unsure: the CLI is not built yet; run `npm run build` in ' + path.join(__dirname, '..') + '\n',
  );
  process.exit(1);
}
require(cli);

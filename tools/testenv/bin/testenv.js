#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(entry)) {
  console.error('tools/testenv is not built yet: run `npm run build` (npm ci does it too) in the repository root.');
  process.exit(1);
}
require(entry)
  .main(process.argv.slice(2))
  .then((code) => { process.exitCode = code; })
  .catch((err) => { console.error(err && err.stack ? err.stack : err); process.exitCode = 1; });

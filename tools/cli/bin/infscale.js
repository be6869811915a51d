#!/usr/bin/env node
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'dist', 'main.js');
if (!fs.existsSync(entry)) {
  console.error('infscale is not built yet: run `npm run build` (npm ci does it too) in the repository root.');
  process.exit(1);
}
// A closed pipe (`infscale … | head`) is a normal way to stop reading, not an error.
process.stdout.on('error', (err) => { if (err.code === 'EPIPE') process.exit(0); throw err; });
require(entry)
  .main(process.argv)
  .then((code) => { process.exitCode = code; })
  .catch((err) => { console.error(err && err.stack ? err.stack : err); process.exitCode = 1; });

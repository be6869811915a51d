#!/usr/bin/env node
// Runs Nx fully offline: no daemon, no cloud, no terminal UI, caches kept inside the repo.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const root = path.resolve(__dirname, '..');
const env = {
  ...process.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  NX_SKIP_NX_CACHE: process.env.NX_SKIP_NX_CACHE ?? '',
  NX_NATIVE_FILE_CACHE_DIRECTORY: path.join(root, '.nx', 'native'),
  NX_SOCKET_DIR: path.join(root, '.nx', 'socket'),
};
const result = spawnSync(process.execPath, [require.resolve('nx/bin/nx.js'), ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);

// Stops the control plane only if the global setup started it (a developer's `up` stays running).
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async () => {
  if (!globalThis.__INFSCALE_TESTENV_STARTED__) return;
  execFileSync(process.execPath, [path.join(__dirname, 'bin', 'testenv.js'), 'down'], { stdio: 'inherit' });
};

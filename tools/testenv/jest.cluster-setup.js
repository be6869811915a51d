// Starts the control plane through the built CLI (plain Node: no Jest module system in the way)
// and remembers whether this run started it, for the teardown.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async () => {
  const cli = path.join(__dirname, 'bin', 'testenv.js');
  const out = execFileSync(process.execPath, [cli, 'up', '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const result = JSON.parse(out.trim().split('\n').pop());
  console.log(`\n${result.line} (${result.started ? 'started for this run' : 'already running, reused'}; kubeconfig ${result.kubeconfig})`);
  globalThis.__INFSCALE_TESTENV_STARTED__ = result.started;
};

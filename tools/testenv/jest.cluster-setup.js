// A Jest run that has cluster tests holds the test control plane while it runs: `testenv up --holder
// <this process>` reuses the one running in the state directory (`npm test` starts one for all projects)
// or starts one, and the endpoint goes to the test files through the environment. Plain Node: no Jest
// module system in the way.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = async () => {
  const cli = path.join(__dirname, 'bin', 'testenv.js');
  const out = execFileSync(process.execPath, [cli, 'up', '--json', '--holder', String(process.pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 << 20 });
  const result = JSON.parse(out.trim().split('\n').pop());
  // Workers start after the global setup and inherit this; @infscale/kube/testing reads it.
  process.env.INFSCALE_TESTENV_ENDPOINT = JSON.stringify(result.endpoint);
  console.log(`\n${result.line} (${result.started ? 'started for this run' : 'already running, reused'}; state ${result.stateDir})`);
};

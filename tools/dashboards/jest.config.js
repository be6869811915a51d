// The dashboards' queries against a real Prometheus fed by the scalers running against the real test
// control plane (*.cluster.test.ts): the run holds the control plane.
const preset = require('../../jest.preset.js');
const path = require('node:path');

module.exports = {
  ...preset,
  ...preset.clusterTests,
  displayName: 'dashboards',
  // The preset maps @infscale/<x> to packages/<x>; tools/<x> packages are named @infscale/tool-<x>.
  moduleNameMapper: { '^@infscale/tool-([^/]+)$': path.join(__dirname, '../$1/src/index.ts'), ...preset.moduleNameMapper },
};

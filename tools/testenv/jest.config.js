// Unit tests and the cluster tests (*.cluster.test.ts, the end-to-end ones under src/e2e run the apps,
// proxies and emulators as processes); the run holds the test control plane (preset.clusterTests).
const preset = require('../../jest.preset.js');
const path = require('node:path');

module.exports = {
  ...preset,
  ...preset.clusterTests,
  displayName: 'testenv',
  testTimeout: 120_000,
  // The preset maps @infscale/<x> to packages/<x>; tools/<x> packages are named @infscale/tool-<x>.
  moduleNameMapper: { '^@infscale/tool-([^/]+)$': path.join(__dirname, '../$1/src/index.ts'), ...preset.moduleNameMapper },
};

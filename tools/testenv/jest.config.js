// Unit tests and the cluster tests (*.cluster.test.ts, the end-to-end ones under src/e2e run the apps,
// proxies and emulators as processes); the run holds the test control plane (preset.clusterTests).
const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  ...preset.clusterTests,
  displayName: 'testenv',
  testTimeout: 120_000,
};

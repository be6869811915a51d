// The cluster tests: one control plane for all of them, started (or found running) before the first
// test file and stopped after the last one only if this run started it.
const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'testenv-cluster',
  testMatch: ['<rootDir>/src/**/*.cluster.test.ts'],
  globalSetup: '<rootDir>/jest.cluster-setup.js',
  globalTeardown: '<rootDir>/jest.cluster-teardown.js',
  testTimeout: 120_000,
};

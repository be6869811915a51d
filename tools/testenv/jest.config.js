// Unit tests only; the cluster tests (*.cluster.test.ts) run under jest.cluster.config.js, which starts
// the control plane once for all of them.
const preset = require('../../jest.preset.js');

module.exports = { ...preset, displayName: 'testenv', testPathIgnorePatterns: ['/node_modules/', '\\.cluster\\.test\\.ts$'] };

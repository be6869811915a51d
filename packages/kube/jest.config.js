// Unit tests, and the actuator against the real test control plane (*.cluster.test.ts): the run holds it.
const preset = require('../../jest.preset.js');

module.exports = { ...preset, ...preset.clusterTests, displayName: 'kube', testTimeout: 60_000 };

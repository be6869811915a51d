// Unit tests, and the processes against the real test control plane (*.cluster.test.ts): the run holds it.
const preset = require('../../jest.preset.js');

module.exports = { ...preset, ...preset.clusterTests, displayName: 'runtime' };

// Unit tests, the chart's renders (real helm) and the app against the real test control plane (*.cluster.test.ts): the run holds it.
const preset = require('../../jest.preset.js');

module.exports = { ...preset, ...preset.clusterTests, displayName: 'ipa' };

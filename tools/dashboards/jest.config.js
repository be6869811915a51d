// The dashboards' queries against a real Prometheus fed by the scalers running against the real test
// control plane (*.cluster.test.ts): the run holds the control plane.
const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  ...preset.clusterTests,
  displayName: 'dashboards',
};

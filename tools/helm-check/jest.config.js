// kubernetes-models ships ESM only (its exports have just an "import" condition). A small resolver
// picks that condition for those packages alone, and swc turns their files into CommonJS like the
// preset's other ESM-only dependencies.
const preset = require('../../jest.preset.js');
const path = require('node:path');

module.exports = {
  ...preset,
  // The install tests hold the test control plane; the renders need only its helm.
  ...preset.clusterTests,
  displayName: 'helm-check',
  resolver: '<rootDir>/jest-resolver.js',
  // The data-plane tests parse the rendered proxy args with tools/cli (@infscale/tool-cli), the schema test runs
  // tools/testenv's requireBinary (@infscale/tool-testenv): the preset maps only @infscale/<x> to packages/<x>.
  moduleNameMapper: { '^@infscale/tool-([^/]+)$': path.join(__dirname, '../$1/src/index.ts'), ...preset.moduleNameMapper },
  // The preset's ESM-only packages too (packages/runtime, imported by the data-plane tests, reaches client-node).
  transformIgnorePatterns: ['/node_modules/(?!(kubernetes-models|@kubernetes-models|is-cidr|cidr-regex|ip-regex|@kubernetes/client-node|openid-client|oauth4webapi|jose|glpk.js|prometheus-query)/)'],
};

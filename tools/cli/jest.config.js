const preset = require('../../jest.preset.js');
const path = require('node:path');

module.exports = {
  ...preset,
  displayName: 'cli',
  // The preset maps @infscale/<x> to packages/<x>; tools/<x> packages are named @infscale/tool-<x>.
  moduleNameMapper: { '^@infscale/tool-([^/]+)$': path.join(__dirname, '../$1/src/index.ts'), ...preset.moduleNameMapper },
  // The walk-through renders the chart with tools/helm-check, whose kubernetes-models are ESM only:
  // its resolver and transform list, as in its own jest config.
  resolver: path.join(__dirname, '../helm-check/jest-resolver.js'),
  transformIgnorePatterns: ['/node_modules/(?!(kubernetes-models|@kubernetes-models|is-cidr|cidr-regex|ip-regex|@kubernetes/client-node|openid-client|oauth4webapi|jose|glpk.js|prometheus-query)/)'],
};

// kubernetes-models ships ESM only (its exports have just an "import" condition). A small resolver
// picks that condition for those packages alone, and swc turns their files into CommonJS like the
// preset's other ESM-only dependencies.
const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'helm-check',
  resolver: '<rootDir>/jest-resolver.js',
  transformIgnorePatterns: ['/node_modules/(?!(kubernetes-models|@kubernetes-models|is-cidr|cidr-regex|ip-regex)/)'],
};

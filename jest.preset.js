// Shared Jest settings: swc compiles TypeScript (type checking is the build's and lint's job),
// @infscale/* imports resolve to sources so tests never need a prior build of a sibling,
// and the ESM-only dependencies are transformed to CommonJS.
const path = require('node:path');

const esmOnly = ['@kubernetes/client-node', 'openid-client', 'oauth4webapi', 'jose', 'glpk.js', 'prometheus-query'];

module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.test.ts'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper: {
    '^@infscale/([^/]+)/testing$': path.join(__dirname, 'packages/$1/src/testing.ts'),
    '^@infscale/([^/]+)$': path.join(__dirname, 'packages/$1/src/index.ts'),
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
};

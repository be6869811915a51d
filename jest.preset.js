// Shared Jest settings: swc compiles TypeScript (type checking is the build's and lint's job),
// @infscale/* imports resolve to sources so tests never need a prior build of a sibling,
// and the ESM-only dependencies are transformed to CommonJS.
const path = require('node:path');

const esmOnly = ['@kubernetes/client-node', 'openid-client', 'oauth4webapi', 'jose', 'glpk.js', 'prometheus-query'];

/**
 * For a project whose tests use the test control plane (@infscale/kube/testing): `{ ...preset, ...preset.clusterTests }`.
 * The run holds the control plane from the first test file to the last (tools/testenv starts it if none runs).
 */
const clusterTests = {
  globalSetup: path.join(__dirname, 'tools/testenv/jest.cluster-setup.js'),
  globalTeardown: path.join(__dirname, 'tools/testenv/jest.cluster-teardown.js'),
};

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
    // A package's test support (its package.json `./testing` export), from sources like the rest.
    '^@infscale/([^/]+)/testing$': path.join(__dirname, 'packages/$1/src/test-support/index.ts'),
    '^@infscale/([^/]+)$': path.join(__dirname, 'packages/$1/src/index.ts'),
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  reporters: ['default', path.join(__dirname, 'scripts/jest/failure-reporter.js')],
  setupFilesAfterEnv: [path.join(__dirname, 'scripts/jest/cluster-retry.js')],
};

Object.defineProperty(module.exports, 'clusterTests', { value: clusterTests, enumerable: false });

// Test support for every package's tests: `import { cluster, deployment, observation } from '@infscale/core/testing'`
// (the package.json `./testing` export; built into dist/test-support, never imported by product code).
export * from './cluster-builders';
export * from './observation-builder';

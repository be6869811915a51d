// Test helpers for other packages' end-to-end tests: `import { startPrometheus } from '@infscale/metrics/testing'`
// (the package.json `./testing` export; built into dist/test-support, never imported by product code).
export * from './prometheus';
export * from './synthetic-pod';

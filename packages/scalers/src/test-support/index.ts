// Test helpers for other packages' tests: `import { holdingScaler } from '@infscale/scalers/testing'`
// (the package.json `./testing` export; built into dist/test-support, never imported by product code).
export * from './holding-scaler';

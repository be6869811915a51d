// Test helpers for the apps' and tools' end-to-end tests: `import { startAppStack } from '@infscale/runtime/testing'`
// (the package.json `./testing` export; built into dist/test-support, never imported by product code).
export * from './app-stack';
export * from './chart-configs';
export * from './http-get';
export * from './memory-log';
export * from './video-ipa-section';

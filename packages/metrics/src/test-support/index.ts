// Test helpers for other packages' e2e tests (not part of the build): import by path, e.g.
// import { startPrometheus } from '../../../packages/metrics/src/test-support';
export * from './prometheus';
export * from './synthetic-pod';

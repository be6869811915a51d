export * from './policy/binary-heap';
export * from './policy/quotas';
export * from './policy/weighted-dispatcher';
export * from './policy/batching-queue';
export * from './policy/pipeline-router';
export * from './policy/request-budget';
export * from './policy/edf-queue';

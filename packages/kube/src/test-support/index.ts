export * from './fake-apiserver';
export * from './faults';
export type { FakeNode } from './kubelet';
export * from './status';
export * from './patch';
export { parseLabelSelector } from './label-selector';
export type { StoredObject } from './store';
export { Resources } from './resources';
export { startHarness, baseConfig, memoryLogger, NAMESPACE } from './harness';

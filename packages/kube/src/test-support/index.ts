// The client side of the pinned test control plane (tools/testenv runs it), for every package's cluster
// tests: `import { testControlPlane, createTestNamespace } from '@infscale/kube/testing'` (the package.json
// `./testing` export; built into dist/test-support, never imported by product code).
export * from './control-plane';
export * from './names';
export * from './nodes';
export * from './namespace';
export * from './service-account';
export * from './kubeconfig';
export * from './helm';
export * from './audit-log';
export * from './fault-proxy';
export * from './until';
export * from './cluster-harness';
export * from './test-cluster';
export * from './watch';
export { existingDeployment } from './existing-deployment';

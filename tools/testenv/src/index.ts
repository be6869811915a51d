/**
 * The pinned local control plane for tests. A cluster test calls ensureControlPlane() (start or
 * reuse), works in a namespace of its own, and stops the control plane only if it started it.
 */
export { buildBinaries, binaryPath, pinnedVersions, requireBinary, type BinaryName, type BuildReport } from './binaries';
export { down, isHealthy, readState, runningControlPlane, up, versionLine, type ControlPlane, type ControlPlaneState, type UpOptions, type Versions } from './control-plane';
export { ensureControlPlane, releaseControlPlane } from './ensure';
export { createNamespace, registerNode, serviceAccountKubeconfig, uniqueName, TEST_LABEL, type ServiceAccountAccess } from './cluster';
export { helm, type HelmOptions, type HelmResult } from './helm';
export { TIMING_ANNOTATIONS, type PodTiming } from './kubelet/pod-sync';
export { STAND_IN_LABEL, STAND_IN_VALUE, CAPACITY_ANNOTATIONS } from './kubelet/conventions';
export type { NodeSpec } from './kubelet/node-registration';
export { until } from './poll';

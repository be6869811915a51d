/**
 * The pinned local control plane for tests: builds the binaries, starts and stops the processes, runs
 * the kubelet stand-in. Tests reach it through @infscale/kube/testing (the client side), which spawns
 * this package's command line.
 */
export { buildBinaries, binaryPath, pinnedVersions, requireBinary, type BinaryName, type BuildReport } from './binaries';
export {
  down,
  endpointOf,
  isHealthy,
  readState,
  release,
  runningControlPlane,
  up,
  versionLine,
  type ControlPlane,
  type ControlPlaneState,
  type UpOptions,
  type Versions,
} from './control-plane';
export type { PodTiming } from './kubelet/pod-sync';

import { down, up, type ControlPlane, type UpOptions } from './control-plane';

/**
 * The control plane for a test run: the one already running in the state directory (a developer's
 * `npm run testenv -- up`, or another test file's), or a new one. The binaries must be built
 * (`npm run testenv -- build`; `npm test` does it first), since a build takes minutes.
 */
export function ensureControlPlane(options: UpOptions = {}): Promise<ControlPlane> {
  return up({ log: () => undefined, ...options });
}

/** Stops the control plane if `cp` was the call that started it; one found running is left running. */
export async function releaseControlPlane(cp: ControlPlane): Promise<void> {
  if (cp.started) await down({ stateDir: cp.layout.stateDir });
}

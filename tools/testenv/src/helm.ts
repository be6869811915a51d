import { spawn } from 'node:child_process';
import path from 'node:path';
import type { ControlPlane } from './control-plane';

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface HelmOptions {
  /** Another identity than the admin (a ServiceAccount's kubeconfig). */
  kubeconfig?: string;
  cwd?: string;
  /** Resolve with the result instead of throwing when helm exits non-zero. */
  allowFailure?: boolean;
}

/**
 * Runs the pinned helm against the control plane. Its cache, config and data live in the state
 * directory, so a test never reads or writes the user's ~/.config/helm or repositories.
 */
export function helm(cp: Pick<ControlPlane, 'binaries' | 'adminKubeconfig' | 'layout'>, args: string[], options: HelmOptions = {}): Promise<HelmResult> {
  const home = path.join(cp.layout.stateDir, 'helm');
  const env = {
    ...process.env,
    KUBECONFIG: options.kubeconfig ?? cp.adminKubeconfig,
    HELM_CACHE_HOME: path.join(home, 'cache'),
    HELM_CONFIG_HOME: path.join(home, 'config'),
    HELM_DATA_HOME: path.join(home, 'data'),
  };
  return new Promise((resolve, reject) => {
    const child = spawn(cp.binaries.helm, args, { env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const result = { code: code ?? -1, stdout, stderr };
      if (result.code !== 0 && !options.allowFailure) reject(new Error(`helm ${args.join(' ')} exited with ${result.code}: ${stderr.trim() || stdout.trim()}`));
      else resolve(result);
    });
  });
}

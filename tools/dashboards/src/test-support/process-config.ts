import { parseProcessConfig, type ProcessConfig } from '@infscale/runtime';
import { TEMPLATE } from '@infscale/kube/testing';

export interface ProcessConfigSpec {
  /** The app's name (infadapter, ipa, sponge). */
  name: string;
  namespace: string;
  /** The `scaler` section as an operator writes it. */
  scaler: unknown;
  /** The kubeconfig file of the scaler's ServiceAccount (a namespace of the real test control plane). */
  kubeconfigPath: string;
  /** More of the `kubernetes` section (routing, targets, container…), over the defaults here. */
  kubernetes?: Record<string, unknown>;
}

/**
 * The scaler process's config document as an operator writes it, pointed at the test's namespace of
 * the real control plane, with /metrics on a free loopback port. `prometheus.serverAddress` is a placeholder: the
 * late-bound source gets the real one once Prometheus runs.
 */
export function createProcessConfig(spec: ProcessConfigSpec): ProcessConfig {
  const doc = {
    scaler: spec.scaler,
    prometheus: { serverAddress: 'http://127.0.0.1:9', namespace: spec.namespace, windows: { arrival: '5s' }, timeoutMs: 2_000 },
    kubernetes: {
      template: TEMPLATE,
      connection: { mode: 'kubeconfig', path: spec.kubeconfigPath },
      leaderElection: { identity: `${spec.name}-e2e` },
      awaitReady: { pollMs: 100, timeoutMs: 10_000 },
      resize: { pollMs: 100, timeoutMs: 10_000 },
      ...spec.kubernetes,
    },
    server: { port: 0, host: '127.0.0.1' },
  };
  return parseProcessConfig(doc, `${spec.name} e2e config`, { name: spec.name });
}

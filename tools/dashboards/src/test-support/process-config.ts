import { parseProcessConfig, type ProcessConfig } from '@infscale/runtime';
import { TEMPLATE } from '../../../../packages/runtime/src/test-support/fake-cluster';
import { NS, type E2eStack } from './e2e-stack';

/**
 * The scaler process's config document as an operator writes it, pointed at the stack: the fake API
 * server through a kubeconfig file, quotas POSTed to the dispatcher, /metrics on a free port.
 * `prometheus.serverAddress` is a placeholder: the stack's source binds the real one once it runs.
 */
export function createProcessConfig(scaler: unknown, stack: E2eStack): ProcessConfig {
  const doc = {
    scaler,
    prometheus: { serverAddress: 'http://127.0.0.1:9', namespace: NS, windows: { arrival: '5s' }, timeoutMs: 2_000 },
    kubernetes: {
      template: TEMPLATE,
      connection: { mode: 'kubeconfig', path: stack.cluster.kubeconfigPath },
      routing: { configMap: false, adminUrls: { main: stack.dispatcherUrl } },
      leaderElection: { identity: 'infadapter-e2e' },
      awaitReady: { pollMs: 100, timeoutMs: 10_000 },
    },
    server: { port: 0, host: '127.0.0.1' },
  };
  return parseProcessConfig(doc, 'infadapter e2e config', { name: 'infadapter' });
}

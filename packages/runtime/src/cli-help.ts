import { ENV_OVERRIDES } from './env-overrides';

/** The text after the flags in --help: the config document, the environment, the endpoints. */
export function cliHelpFooter(name: string, scalerHelp?: string): string {
  const env = Object.entries(ENV_OVERRIDES)
    .map(([k, v]) => `  ${k.padEnd(36)} ${v}`)
    .join('\n');
  return `
Config document (--config, YAML or JSON; unknown fields are rejected; may be wrapped as
{apiVersion: infscale.io/v1alpha1, kind: ScalerConfig, metadata, spec: <document>}, as the Helm chart writes it):
  scaler:      settings of ${name}${scalerHelp ? `\n${scalerHelp.replace(/^/gm, '               ')}` : ''}
  prometheus:  serverAddress, namespace, timeoutMs, auth, tls, headers, preset, queries, windows, ...
  kubernetes:  template (to create deployments), targets (existing deployments, by name), container, images,
               connection {mode: in-cluster | kubeconfig, path, context}, memory, routing, awaitReady,
               resize, resizeReadinessGate, retry, leaderElection, dryRun
               (namespace defaults to prometheus.namespace, scaler to "${name}")
  server:      port (9464), host (0.0.0.0)
  loop:        dryRun (false), shutdownGraceMs (20000), errorBackoffMs (1000)

Environment (overrides the file):
${env}
  LOG_LEVEL                            default of --log-level

Endpoints (server.port): /metrics (infscale_${name.replace(/-/g, '_')}_* and process metrics), /healthz, /readyz
Exit codes: 0 stopped by SIGTERM/SIGINT or --once done, 1 failure, 2 bad flags or config.
`;
}

import { DURATION_GRAMMAR, formatDuration, MAX_DURATION_MS } from '@infscale/core';
import { ENV_OVERRIDES } from './env-overrides';

/** The text after the flags in --help: the config document, the environment, the endpoints. */
export function cliHelpFooter(name: string, scalerHelp?: string): string {
  const env = Object.entries(ENV_OVERRIDES)
    .map(([k, v]) => `  ${k.padEnd(36)} ${v}`)
    .join('\n');
  return `
Config document (--config, YAML or JSON; unknown fields are rejected, naming the closest known one; may be wrapped
as {apiVersion: infscale.io/v1alpha1, kind: ScalerConfig, metadata, spec: <document>}, as the Helm chart writes it):
  scaler:      settings of ${name}${scalerHelp ? `\n${scalerHelp.replace(/^/gm, '               ')}` : ''}
  prometheus:  serverAddress, namespace, timeoutMs, auth, tls, headers, preset, queries, windows, ...
  kubernetes:  template (to create deployments), targets (existing deployments, by name), container, images,
               connection {mode: in-cluster | kubeconfig, path, context}, memory, routing, awaitReady,
               resize, resizeReadinessGate, dryRun, requestTimeout (5s: every API call),
               retry {maxAttempts (6), baseDelayMs (200), maxDelayMs (5s, Retry-After included)},
               leaderElection {enabled (true), leaseName, identity, leaseDurationSeconds (15), renewDeadline (10s),
               retryPeriod (2s)}: requestTimeout ≤ leaseDurationSeconds − renewDeadline, maxDelayMs ≤ renewDeadline/2
               (namespace defaults to prometheus.namespace, scaler to "${name}")
  server:      port (9464), host (0.0.0.0)
  loop:        dryRun (false), shutdownGraceMs (20s), errorBackoffMs (1s),
               stallTimeout (default max(3 × tick period, 60s): /healthz answers 503 once a tick is owed longer)

Durations (the scalers' intervals and windows, kubernetes.{requestTimeout, awaitReady, resize, retry delays,
leaderElection periods}, loop.*): ${DURATION_GRAMMAR};
  > 0 (resize.deferredTimeoutMs and loop.shutdownGraceMs also take 0) and at most ${formatDuration(MAX_DURATION_MS)}.

Environment (overrides the file):
${env}
  LOG_LEVEL                            default of --log-level

Endpoints (server.port): /metrics (infscale_${name.replace(/-/g, '_')}_* and process metrics), /healthz, /readyz
/healthz answers 503 with the reason when the loop is stalled (loop.stallTimeout), so the kubelet restarts the pod.
Exit codes: 0 stopped by SIGTERM/SIGINT, --once done or --validate passed, 1 failure, 2 bad flags or config.
`;
}

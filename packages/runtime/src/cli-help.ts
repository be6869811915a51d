import { configHelp, DURATION_GRAMMAR, formatDuration, MAX_DURATION_MS } from '@infscale/core';
import { kubeActuatorConfigSchema } from '@infscale/kube';
import { prometheusSourceConfigSchema } from '@infscale/metrics';
import type { z } from 'zod';
import { ENV_OVERRIDES } from './env-overrides';
import { loopConfigSchema, serverConfigSchema } from './process-config';

/** One section of the config document: its name, what it is, and its fields (from the schema's `.describe()` texts). */
function section(name: string, what: string, schema: z.ZodType | undefined): string {
  return [`  ${name}: ${what}`, ...(schema ? [configHelp(schema, '    ')] : [])].join('\n');
}

/** The text after the flags in --help: the config document (written from its schemas), the environment, the endpoints. */
export function cliHelpFooter(name: string, scalerSchema?: z.ZodType): string {
  const env = Object.entries(ENV_OVERRIDES)
    .map(([k, v]) => `  ${k.padEnd(36)} ${v}`)
    .join('\n');
  return `
Config document (--config, YAML or JSON; unknown fields are rejected, naming the closest known one; may be wrapped
as {apiVersion: infscale.io/v1alpha1, kind: ScalerConfig, metadata, spec: <document>}, as the Helm chart writes it):
${section('scaler', `the settings of ${name}.`, scalerSchema)}
${section('prometheus', "the Prometheus it reads (the options of KEDA's Prometheus trigger).", prometheusSourceConfigSchema)}
${section('kubernetes', `how decisions reach the cluster (namespace defaults to prometheus.namespace, scaler to "${name}").`, kubeActuatorConfigSchema)}
${section('server', 'the metrics and probe endpoint.', serverConfigSchema)}
${section('loop', 'the control loop.', loopConfigSchema)}

Durations: ${DURATION_GRAMMAR}; > 0 unless "0 allowed", and at most ${formatDuration(MAX_DURATION_MS)}.

Environment (overrides the file):
${env}
  LOG_LEVEL                            default of --log-level (anything but a level is refused, exit 2)

Endpoints (server.port): /metrics (infscale_${name.replace(/-/g, '_')}_* and process metrics), /healthz, /readyz
/healthz answers 503 with the reason when the loop is stalled (loop.stallTimeout), so the kubelet restarts the pod.
Outside a cluster set kubernetes.connection: {mode: kubeconfig}: the default, in-cluster, is refused at start (exit 2)
when the process is not in a pod.
Exit codes: 0 stopped by SIGTERM/SIGINT, --once decided (a hold included) and its plan finished, or --validate passed;
1 failure (--once: no decision could be made, or its plan failed); 2 bad flags or config (a kubernetes.connection
that cannot work included: not in a pod, no such kubeconfig or context).
`;
}

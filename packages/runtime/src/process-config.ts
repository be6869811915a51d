import { ConfigError, durationSchema, parseConfig, type ConfigIssue } from '@infscale/core';
import { kubeActuatorConfigSchema, loadKubeConfig } from '@infscale/kube';
import { prometheusSourceConfigSchema } from '@infscale/metrics';
import type { KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { readConfigFile, sourceName } from './config-file';
import { rerooted, sectionRoot, unwrapScalerConfig } from './config-wrapper';
import { applyEnvOverrides, type Env } from './env-overrides';

export const serverConfigSchema = z
  .object({
    port: z
      .number()
      .int()
      .min(0)
      .max(65_535)
      .default(9_464)
      .describe("Port of /metrics, /healthz and /readyz (9464 is the chart's metrics.port); 0 picks a free port."),
    host: z.string().min(1).default('0.0.0.0').describe("Address it listens on: 0.0.0.0 in a pod, so the kubelet's probes and Prometheus reach it."),
  })
  .strict();

export const loopConfigSchema = z
  .object({
    dryRun: z.boolean().default(false).describe('Decide and log, but never write to the cluster (also --dry-run, INFSCALE_DRY_RUN).'),
    shutdownGraceMs: durationSchema({ allowZero: true, maxMs: 600_000 })
      .default(20_000)
      .describe("On SIGTERM, how long to let a running plan finish before leaving (below the pod's 30 s grace)."),
    errorBackoffMs: durationSchema({ maxMs: 600_000 }).default(1_000).describe('After a tick that threw, wait at least this long before the next.'),
    stallTimeout: durationSchema()
      .optional()
      .describe(
        '/healthz answers 503 (so the kubelet restarts the pod) once the loop owes a tick for longer than this: a tick running, or a ' +
          "due tick not started. Default max(3 × the scaler's tick period, 60s).",
      ),
  })
  .strict();

/** The whole document; `scaler` is left to the app, which validates it with its own schema. */
export const processConfigSchema = z
  .object({
    scaler: z.record(z.string(), z.unknown()).default({}).describe("The scaler's settings: validated by the app with the scaler's own schema."),
    prometheus: prometheusSourceConfigSchema.describe("The Prometheus it reads (the options of KEDA's Prometheus trigger)."),
    kubernetes: kubeActuatorConfigSchema.describe("How decisions reach the cluster: packages/kube's actuator."),
    server: serverConfigSchema.prefault({}).describe('The metrics and probe endpoint.'),
    loop: loopConfigSchema.prefault({}).describe('The control loop.'),
  })
  .strict()
  .superRefine((c, ctx) => {
    // Reading one namespace and acting on another is always a mistake.
    if (c.kubernetes.namespace !== c.prometheus.namespace) {
      ctx.addIssue({ code: 'custom', path: ['kubernetes', 'namespace'], message: `must equal prometheus.namespace (${c.prometheus.namespace})` });
    }
  });

export type ProcessConfigInput = z.input<typeof processConfigSchema>;
export type ProcessConfig = z.output<typeof processConfigSchema>;

export interface ProcessConfigOptions {
  /** The scaler's name: default of kubernetes.scaler (label value and lease name). */
  name: string;
  env?: Env;
  /** --dry-run: forces loop.dryRun on. */
  dryRun?: boolean;
}

type Doc = Record<string, unknown>;
const isDoc = (v: unknown): v is Doc => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Fills what can be derived: the scaler label from the app, one namespace for both sections. */
function withDerivedDefaults(doc: Doc, name: string): Doc {
  const prometheus = isDoc(doc.prometheus) ? doc.prometheus : undefined;
  const kubernetes = isDoc(doc.kubernetes) ? doc.kubernetes : undefined;
  if (kubernetes) {
    kubernetes.scaler ??= name;
    if (prometheus) kubernetes.namespace ??= prometheus.namespace;
  }
  if (prometheus && kubernetes) prometheus.namespace ??= kubernetes.namespace;
  return doc;
}

const SECRET_PATH = /(^|\.)(auth|tls|token|password|key|cert|ca)(\.|$)/;

/** Never print a secret in an error message. */
function redacted(issue: ConfigIssue): ConfigIssue {
  return SECRET_PATH.test(issue.path) && issue.value !== undefined ? { ...issue, value: '<redacted>' } : issue;
}

/**
 * Validates a raw document (from readConfigFile) with the environment's overrides applied; a
 * Kubernetes-style {apiVersion, kind: ScalerConfig, metadata, spec} is unwrapped first. The
 * loop's dryRun (or --dry-run) switches the actuator's dry run on too. Throws ConfigError naming
 * `source` and each bad field (e.g. "config.yaml: prometheus.serverAddress: Invalid URL").
 */
export function parseProcessConfig(raw: Doc, source: string, options: ProcessConfigOptions): ProcessConfig {
  const root = sectionRoot(raw);
  const { doc, used } = applyEnvOverrides(unwrapScalerConfig(raw, source), options.env ?? {});
  if (options.dryRun) (isDoc(doc.loop) ? doc.loop : (doc.loop = {})).dryRun = true;
  const where = used.length > 0 ? `${source} (with ${used.join(', ')} from the environment)` : source;
  let config: ProcessConfig;
  try {
    config = parseConfig(processConfigSchema, withDerivedDefaults(doc, options.name), where);
  } catch (err) {
    if (err instanceof ConfigError) throw rerooted(new ConfigError(err.source, err.issues.map(redacted)), root);
    throw err;
  }
  if (config.loop.dryRun) config.kubernetes = { ...config.kubernetes, dryRun: true };
  return config;
}

/** A ConfigError of the app's scaler schema, re-rooted at `scaler.` (or `spec.scaler.` in a wrapped document) of the file. */
export function scalerSectionError(err: ConfigError, source: string, raw: Doc = {}): ConfigError {
  return rerooted(err, `${sectionRoot(raw)}scaler.`, source);
}

/**
 * The KubeConfig the config's kubernetes.connection asks for, as the process would load it now (in a
 * pod or not, $KUBECONFIG, the file and its context, judged by `env`). A connection that cannot work
 * is a ConfigError naming the field of the file: kubernetes.connection.mode (or spec.kubernetes.… in
 * a wrapped document).
 */
export function loadConnection(config: ProcessConfig, source: string, raw: Doc = {}, env?: Env): KubeConfig {
  try {
    return loadKubeConfig(config.kubernetes.connection, env ? { env } : {});
  } catch (err) {
    throw err instanceof ConfigError ? rerooted(err, `${sectionRoot(raw)}kubernetes.`, source) : err;
  }
}

/** Reads a whole config: file (YAML or JSON) → environment overrides → validation. */
export function loadProcessConfig(file: string, options: ProcessConfigOptions): ProcessConfig {
  return parseProcessConfig(readConfigFile(file), sourceName(file), options);
}

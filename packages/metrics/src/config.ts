import { parseConfig } from '@infscale/core';
import { z } from 'zod';
import { DEFAULT_QUERIES, QUERY_PRESETS, type QueryName, type QueryPreset } from './catalogue';
import { kubeNameProblem } from './k8s-names';
import { templateProblems } from './query-template';

const duration = z.string().regex(/^([0-9]+(ms|s|m|h|d|w|y))+$/, 'a Prometheus duration such as 5s or 1m');

const queryNames = Object.keys(DEFAULT_QUERIES) as QueryName[];

/** One optional template per query; each is checked for placeholders in the right places. */
const queriesSchema = z
  .object(Object.fromEntries(queryNames.map((n) => [n, z.string().optional()])) as Record<QueryName, z.ZodOptional<z.ZodString>>)
  .strict()
  .superRefine((queries, ctx) => {
    for (const name of queryNames) {
      const template = queries[name];
      if (template === undefined) continue;
      for (const message of templateProblems(name, template)) ctx.addIssue({ code: 'custom', path: [name], message });
    }
  });

/** Connection, auth and TLS: the options KEDA's Prometheus trigger offers. */
export const prometheusSourceConfigSchema = z
  .object({
    /** Base address of Prometheus, e.g. http://prometheus.monitoring:9090 (without /api/v1). */
    serverAddress: z.url({ protocol: /^https?$/ }),
    /** The namespace the scaler owns; every query is restricted to it. */
    namespace: z.string().superRefine((ns, ctx) => {
      const problem = kubeNameProblem('namespace', ns);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    /** Per query: the HTTP timeout and Prometheus' own evaluation timeout. */
    timeoutMs: z.number().int().min(50).max(120_000).default(5_000),
    auth: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('bearer'), token: z.string().min(1) }).strict(),
        z.object({ type: z.literal('basic'), username: z.string().min(1), password: z.string().min(1) }).strict(),
      ])
      .optional(),
    /** PEM contents (not paths), as in KEDA's TriggerAuthentication. */
    tls: z
      .object({
        ca: z.string().min(1).optional(),
        cert: z.string().min(1).optional(),
        key: z.string().min(1).optional(),
        insecureSkipVerify: z.boolean().default(false),
      })
      .strict()
      .refine((t) => (t.cert === undefined) === (t.key === undefined), { message: 'cert and key go together', path: ['key'] })
      .optional(),
    /** Extra headers for every request (e.g. X-Scope-OrgID for Cortex/Mimir/Thanos tenants). */
    headers: z.record(z.string(), z.string()).default({}),
    /** Start from another model server's metric names; `queries` then overrides single templates. */
    preset: z.enum(Object.keys(QUERY_PRESETS) as [QueryPreset, ...QueryPreset[]]).default('infscale'),
    queries: queriesSchema.default({}),
    /** Ranges of rate()/increase(). `arrival` must span ≥ 2 scrapes of the request counter. */
    windows: z
      .object({
        arrival: duration.default('5s'),
        latency: duration.default('30s'),
        cpu: duration.default('30s'),
        budgets: duration.default('10s'),
      })
      .strict()
      .default({ arrival: '5s', latency: '30s', cpu: '30s', budgets: '10s' }),
    /** The newest arrival-rate point may be at most this old; older means the series went stale. */
    staleAfterSeconds: z.number().positive().max(600).default(10),
    /** Unit of the `le` label of the remaining-budget histogram. */
    budgetBucketsUnit: z.enum(['s', 'ms']).default('s'),
    /** At most this many budgets are returned per list (the tightest ones are kept). */
    maxBudgetSamples: z.number().int().positive().max(1_000_000).default(10_000),
  })
  .strict();

export type PrometheusSourceConfigInput = z.input<typeof prometheusSourceConfigSchema>;
export type PrometheusSourceConfig = z.output<typeof prometheusSourceConfigSchema>;

/** Validates and defaults a config; throws ConfigError naming each bad field. */
export function parsePrometheusSourceConfig(input: unknown, source = 'prometheus source config'): PrometheusSourceConfig {
  return parseConfig(prometheusSourceConfigSchema, input, source);
}

/** The templates in force: defaults, then the preset, then the user's overrides. */
export function effectiveQueries(config: PrometheusSourceConfig): Record<QueryName, string> {
  const out = { ...DEFAULT_QUERIES, ...QUERY_PRESETS[config.preset] };
  for (const name of queryNames) {
    const override = config.queries[name];
    if (override !== undefined) out[name] = override;
  }
  return out;
}

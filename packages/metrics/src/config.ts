import { dnsLabelSchema, parseConfig } from '@infscale/core';
import { z } from 'zod';
import { DEFAULT_QUERIES, QUERY_PRESETS, type QueryName, type QueryPreset } from './catalogue';
import { templateProblems } from './query-template';

/** A range chunk of one series (11,000 points) is about 0.3 MiB: 8 MiB is room for about 25, far more than a scaler's queries return. */
export const DEFAULT_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

const duration = z.string().regex(/^([0-9]+(ms|s|m|h|d|w|y))+$/, 'a Prometheus duration such as 5s or 1m');

const queryNames = Object.keys(DEFAULT_QUERIES) as QueryName[];

/** One optional template per query; each is checked for placeholders in the right places. */
const queriesSchema = z
  .object(
    Object.fromEntries(queryNames.map((n) => [n, z.string().optional().describe(`PromQL template of ${n}.`)])) as Record<QueryName, z.ZodOptional<z.ZodString>>,
  )
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
    serverAddress: z
      .url({ protocol: /^https?$/ })
      // JSON Schema's "uri" format takes any scheme: the pattern says http(s), as the URL check does.
      .meta({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$' })
      .describe('Base address of Prometheus, e.g. http://prometheus.monitoring:9090 (without /api/v1).'),
    namespace: dnsLabelSchema('it is the namespace the scaler owns, which every query is restricted to').describe(
      'The namespace the scaler owns; every query is restricted to it.',
    ),
    timeoutMs: z
      .number()
      .int()
      .min(50)
      .max(120_000)
      .default(5_000)
      .describe("Per query: the deadline of the whole HTTP call (connect, send, the complete answer) and Prometheus' own evaluation timeout, ms."),
    maxResponseBytes: z
      .number()
      .int()
      .min(64 * 1024)
      .max(1024 * 1024 * 1024)
      .default(DEFAULT_MAX_RESPONSE_BYTES)
      .describe('Per query: a larger answer fails the query instead of filling memory (8 MiB is about 25 range series of 11,000 points).'),
    auth: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('bearer').describe('A bearer token.'), token: z.string().min(1).describe('The token.') }).strict(),
        z
          .object({
            type: z.literal('basic').describe('HTTP basic auth.'),
            username: z.string().min(1).describe('User name.'),
            password: z.string().min(1).describe('Password.'),
          })
          .strict(),
      ])
      .optional()
      .describe('Credentials (the environment variables INFSCALE_PROMETHEUS_* set them without the file).'),
    tls: z
      .object({
        ca: z.string().min(1).optional().describe('CA certificate, PEM contents (not a path).'),
        cert: z.string().min(1).optional().describe('Client certificate, PEM contents.'),
        key: z.string().min(1).optional().describe('Client key, PEM contents.'),
        insecureSkipVerify: z.boolean().default(false).describe("Skip the server certificate's verification."),
      })
      .strict()
      .refine((t) => (t.cert === undefined) === (t.key === undefined), { message: 'cert and key go together', path: ['key'] })
      .optional()
      .describe("TLS, as in KEDA's TriggerAuthentication."),
    headers: z.record(z.string(), z.string()).default({}).describe('Extra headers for every request (e.g. X-Scope-OrgID for Cortex/Mimir/Thanos tenants).'),
    preset: z
      .enum(Object.keys(QUERY_PRESETS) as [QueryPreset, ...QueryPreset[]])
      .default('infscale')
      .describe("Metric names to start from: infscale (the data plane's), or another model server's; `queries` then overrides single templates."),
    queries: queriesSchema
      .default({})
      .describe(
        "PromQL templates that override the preset's, one per question; placeholders such as {{namespace}} and {{stage}} are filled by the scaler (catalogue.ts lists them).",
      ),
    windows: z
      .object({
        arrival: duration.default('5s').describe('Range of the arrival rate; it must span ≥ 2 scrapes of the request counter.'),
        latency: duration.default('30s').describe('Range of the latency quantiles.'),
        cpu: duration.default('30s').describe('Range of the CPU usage rate.'),
        budgets: duration.default('10s').describe('Range of the remaining-budget histogram.'),
      })
      .strict()
      .default({ arrival: '5s', latency: '30s', cpu: '30s', budgets: '10s' })
      .describe('Ranges of rate()/increase(), as Prometheus writes durations.'),
    staleAfterSeconds: z
      .number()
      .positive()
      .max(600)
      .default(10)
      .describe('The newest arrival-rate point may be at most this old; older means the series went stale.'),
    budgetBucketsUnit: z.enum(['s', 'ms']).default('s').describe('Unit of the `le` label of the remaining-budget histogram.'),
    maxBudgetSamples: z
      .number()
      .int()
      .positive()
      .max(1_000_000)
      .default(10_000)
      .describe('At most this many budgets are returned per list (the tightest ones are kept).'),
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

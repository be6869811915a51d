import { z } from 'zod';
import { durationSchema, formatDuration, MAIN_STAGE, parseConfig, type ResizeMode } from '@infscale/core';

/** packages/core's one duration type: "30s", "1m30s" or a number of ms, > 0, at most 24 h. */
const duration = durationSchema();

export const infAdapterVariantSchema = z.object({
  name: z.string().min(1).describe('Model variant, e.g. resnet50.'),
  deployment: z.string().min(1).optional().describe('Deployment serving it; default <task>-<name>, or the name when no task is set.'),
  accuracy: z.number().finite().describe("Top-1 accuracy (or the task's metric): the objective weighs it by the share of the load."),
  loadTimeS: z.number().nonnegative().default(0).describe('Seconds from pod start until the model serves: the loading-cost term.'),
  capacityRps: z
    .array(z.number().int().nonnegative().nullable())
    .min(1)
    .describe('The profile: sustainable req/s at the SLO with 1, 2, 3… cores (entry i = i + 1 cores); null where that core count was not profiled (not allowed).'),
}).strict();

export const infAdapterConfigSchema = z.object({
  interval: duration.default(30_000).describe('Decision period (the paper: 30 s).'),
  firstDecisionAfter: duration.default(120_000).describe('No decision before this much history exists (the paper: 2 minutes).'),
  task: z.string().min(1).optional().describe('Prefix of the variant deployments: <task>-<variant>.'),
  stage: z.string().min(1).default(MAIN_STAGE).describe("Routing stage of the variants (the dispatcher's quota key)."),
  slo: z.object({
    latencyMs: z.number().positive().default(750).describe('Latency objective of a request, ms.'),
    quantile: z.number().gt(0).max(1).default(0.99).describe('Quantile of the latency the objective bounds (0.99: p99).'),
  }).strict().prefault({}).describe('The latency objective the capacities are profiled at.'),
  objective: z.object({
    alpha: z.number().nonnegative().default(0.05).describe('Weight of the cores used, as a share of the budget.'),
    beta: z.number().nonnegative().default(0.001).describe('Weight of the loading cost (seconds until new variants serve).'),
  }).strict().prefault({}).describe('maximize accuracy − alpha·cores/budget − beta·loading cost.'),
  budget: z.object({ cores: z.number().int().positive().default(20).describe('Cores for all variants together.') }).strict().prefault({}).describe('Resource budget.'),
  resourcePolicy: z.object({
    minCores: z.number().int().min(1).default(2).describe('Fewest cores of a running variant.'),
    maxCores: z.number().int().min(1).default(20).describe('Most cores of a running variant.'),
  }).strict().prefault({})
    .refine((r) => r.minCores <= r.maxCores, { message: 'minCores must be ≤ maxCores', path: ['minCores'] })
    .describe('Like a VPA containerPolicy: cores of one running variant (0 or within [minCores, maxCores]).'),
  forecast: z.object({
    model: z.enum(['lstm', 'ewma']).default('lstm').describe('lstm: the shipped LSTM (EWMA until it has 10 minutes of history); ewma: EWMA throughout.'),
    margin: z.number().nonnegative().default(0.1).describe('Headroom: λ = (1 + margin) · forecast.'),
    modelDir: z.string().min(1).optional().describe('A model trained with `infscale forecast train`; default the shipped one.'),
  }).strict().prefault({}).describe("The loop's forecaster (infAdapterForecaster)."),
  upscaleCheck: z.union([
    z.literal('off'),
    z.object({
      every: duration.optional().describe('How often to look (default 5s, at most half the interval).'),
      tolerance: z.number().min(0).max(10).default(0.1).describe('How far over the running capacity the load must be (0.1 = 10 %, as HPA).'),
    }).strict().prefault({}),
  ]).default({ tolerance: 0.1 }).describe(
    'Between two decisions, look whether the last 3 s of load (with the forecast margin) is over the running capacity by more than ' +
      'tolerance; if it is, decide at once for at least that load instead of waiting up to a whole interval (not in the paper). ' +
      '"off": decide only every interval.',
  ),
  historySeconds: z.number().int().positive().default(600).describe('Seconds of per-second arrival history read each interval (the LSTM needs 10 minutes).'),
  downscaleStabilizationDecisions: z.number().int().nonnegative().default(4).describe('Scale down only after this many consecutive decisions found the forecast within capacity.'),
  fillOrder: z.enum(['greedy', 'paper']).default('greedy').describe("greedy: any active variant may be over-provisioned; paper: the paper code's side constraint."),
  resize: z.enum(['restart', 'in-place', 'in-place-or-restart']).default('restart').describe('How changed cores reach pods: restart (a new pod per change, the paper) or in place.'),
  variants: z.array(infAdapterVariantSchema).min(1, 'at least one variant is needed').describe('The variants it may run.'),
}).strict().superRefine((c, ctx) => {
  if (c.upscaleCheck !== 'off' && c.upscaleCheck.every !== undefined && c.upscaleCheck.every >= c.interval) {
    ctx.addIssue({ code: 'custom', message: `must be shorter than the interval (${formatDuration(c.interval)}); or set upscaleCheck to "off"`, path: ['upscaleCheck', 'every'] });
  }
  const seen = new Set<string>();
  c.variants.forEach((v, i) => {
    if (seen.has(v.name)) ctx.addIssue({ code: 'custom', message: `variant "${v.name}" appears twice`, path: ['variants', i, 'name'] });
    seen.add(v.name);
    if (!v.capacityRps.some((cap, k) => cap !== null && k + 1 >= c.resourcePolicy.minCores && k + 1 <= c.resourcePolicy.maxCores)) {
      ctx.addIssue({ code: 'custom', message: `no profiled capacity within resourcePolicy [${c.resourcePolicy.minCores}, ${c.resourcePolicy.maxCores}] cores`, path: ['variants', i, 'capacityRps'] });
    }
  });
});

export type InfAdapterConfigInput = z.input<typeof infAdapterConfigSchema>;
export type InfAdapterConfig = z.output<typeof infAdapterConfigSchema> & { resize: ResizeMode };
export type InfAdapterVariantConfig = z.output<typeof infAdapterVariantSchema>;

/** Validates and defaults a config, or throws ConfigError naming the field ("variants.2.accuracy"). */
export function parseInfAdapterConfig(input: unknown, source = 'infadapter config'): InfAdapterConfig {
  return parseConfig(infAdapterConfigSchema, input, source);
}

/** InfAdapter's upscale check looks every 5 s unless told otherwise (at most half the interval). */
export const INFADAPTER_UPSCALE_EVERY_MS = 5_000;

/** The deployment that serves a variant. */
export function deploymentOf(config: InfAdapterConfig, variant: InfAdapterVariantConfig): string {
  return variant.deployment ?? (config.task ? `${config.task}-${variant.name}` : variant.name);
}

import { z } from 'zod';
import { durationSchema, parseConfig } from '@infscale/core';

/** packages/core's one duration type: "1s", "1m30s" or a number of ms (as the chart writes them), > 0, at most 24 h. */
const duration = durationSchema();

/**
 * The chart's `sponge:` section (helm/infscale/values.yaml), plus the joint horizontal knobs
 * (`replicas`) and the arrival-rate window. Unknown fields are refused (a typo would otherwise be
 * a silently ignored setting); the app takes its own keys (modelServerHook) out first.
 */
export const spongeConfigSchema = z
  .object({
    /** Time between decisions (paper: 1 s). */
    interval: duration.default(1000),
    /** The deployment whose pods are resized in place (like a VPA's targetRef). */
    targetRef: z.object({ apiVersion: z.string().optional(), kind: z.string().optional(), name: z.string().min(1) }).strict(),
    containerName: z.string().default(''),
    slo: z.object({ latencyMs: z.number().positive().default(1000) }).strict().default({ latencyMs: 1000 }),
    /** Keep the planned queue within this fraction of each request's remaining budget (paper: 0.9). */
    headroom: z.number().gt(0).max(1).default(0.9),
    resourcePolicy: z
      .object({ minCores: z.number().int().min(1).default(1), maxCores: z.number().int().min(1).default(16) })
      .strict()
      .refine((r) => r.minCores <= r.maxCores, { message: 'minCores must be ≤ maxCores', path: ['minCores'] })
      .default({ minCores: 1, maxCores: 16 }),
    maxBatch: z.number().int().min(1).default(16),
    /** l(b,c) = gamma·b/c + delta·b + epsilon/c + eta (ms); default: the ResNet18 fit. */
    latencyModel: z
      .object({ gamma: z.number(), delta: z.number(), epsilon: z.number(), eta: z.number() })
      .strict()
      .default({ gamma: 18.29, delta: 4.488, epsilon: 45.47, eta: 1.046 }),
    /** report: keep the pod and take the largest size that fits; restart: fall back to a restart-based resize. */
    onResizeFailure: z.enum(['report', 'restart']).default('report'),
    /** Joint vertical + horizontal scaling: more pods only when one at its largest size cannot keep up. */
    replicas: z
      .object({
        max: z.number().int().min(1).default(4),
        /** Fewer pods must suffice this long before a pod is removed (a new pod costs a model load). */
        foldBackAfter: duration.default(30_000),
      })
      .strict()
      .default({ max: 4, foldBackAfter: 30_000 }),
    /** Without a forecaster, the load is the busiest second of this window. */
    loadWindow: duration.default(5000),
    /** After a resize came back Deferred or Infeasible, how long the size the pod got is the ceiling. */
    resizeCeilingHold: duration.default(60_000),
  })
  .strict();

export type SpongeConfig = z.output<typeof spongeConfigSchema>;

/** The four coefficients of a latency fit (a bundled fit also carries its data, n and error): what latencyModel takes. */
export function latencyCoefficients(fit: { gamma: number; delta: number; epsilon: number; eta: number }): SpongeConfig['latencyModel'] {
  return { gamma: fit.gamma, delta: fit.delta, epsilon: fit.epsilon, eta: fit.eta };
}

/** Validates and defaults a Sponge config; a ConfigError names the field that is wrong. */
export function parseSpongeConfig(input: unknown): SpongeConfig {
  return parseConfig(spongeConfigSchema, input, 'sponge scaler config');
}

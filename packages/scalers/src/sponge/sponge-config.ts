import { z } from 'zod';
import { parseConfig } from '@infscale/core';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A duration as the chart writes it ("1s", "500ms", "2m") or a number of milliseconds. */
const duration = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    const match = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$/.exec(value.trim());
    return match ? Math.round(Number(match[1]) * (UNIT_MS[match[2] as string] as number)) : value;
  },
  z.number({ error: 'a duration such as 1s, 500ms or 2m, or a number of ms' }).int().positive(),
);

/**
 * The chart's `sponge:` section (helm/infscale/values.yaml), plus the joint horizontal knobs
 * (`replicas`) and the arrival-rate window. Unknown keys are ignored so the chart may carry more.
 */
export const spongeConfigSchema = z
  .object({
    /** Time between decisions (paper: 1 s). */
    interval: duration.default(1000),
    /** The deployment whose pods are resized in place (like a VPA's targetRef). */
    targetRef: z.object({ apiVersion: z.string().optional(), kind: z.string().optional(), name: z.string().min(1) }),
    containerName: z.string().default(''),
    slo: z.object({ latencyMs: z.number().positive().default(1000) }).default({ latencyMs: 1000 }),
    /** Keep the planned queue within this fraction of each request's remaining budget (paper: 0.9). */
    headroom: z.number().gt(0).max(1).default(0.9),
    resourcePolicy: z
      .object({ minCores: z.number().int().min(1).default(1), maxCores: z.number().int().min(1).default(16) })
      .refine((r) => r.minCores <= r.maxCores, { message: 'minCores must be ≤ maxCores', path: ['minCores'] })
      .default({ minCores: 1, maxCores: 16 }),
    maxBatch: z.number().int().min(1).default(16),
    /** l(b,c) = gamma·b/c + delta·b + epsilon/c + eta (ms); default: the ResNet18 fit. */
    latencyModel: z
      .object({ gamma: z.number(), delta: z.number(), epsilon: z.number(), eta: z.number() })
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
      .default({ max: 4, foldBackAfter: 30_000 }),
    /** Without a forecaster, the load is the busiest second of this window. */
    loadWindow: duration.default(5000),
    /** After a resize came back Deferred or Infeasible, how long the size the pod got is the ceiling. */
    resizeCeilingHold: duration.default(60_000),
  });

export type SpongeConfig = z.output<typeof spongeConfigSchema>;

/** Validates and defaults a Sponge config; a ConfigError names the field that is wrong. */
export function parseSpongeConfig(input: unknown): SpongeConfig {
  return parseConfig(spongeConfigSchema, input, 'sponge scaler config');
}

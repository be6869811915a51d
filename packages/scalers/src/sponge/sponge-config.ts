import { z } from 'zod';
import { durationSchema, parseConfig } from '@infscale/core';
import { deploymentRefSchema } from '../deployment-ref';

/** packages/core's one duration type: "1s", "1m30s" or a number of ms (as the chart writes them), > 0, at most 24 h. */
const duration = durationSchema();

/**
 * The app's key: where the new thread count goes after a resize (apps/sponge makes the calls; the
 * scaler never reads it, so simulations may leave it out).
 */
export const modelServerHookSchema = z
  .object({
    urls: z.array(z.url()).default([]).describe("URLs that accept POST {cores, batchSize}: the EDF proxy's admin /admin/config, or the model server's own."),
    timeoutMs: durationSchema().default(2_000).describe('Timeout of each POST.'),
    tokenFile: z.string().min(1).optional().describe("File holding the EDF proxy's admin token: each POST then carries Authorization: Bearer <token>."),
  })
  .strict()
  .prefault({})
  .describe("After each in-place resize, tell the model server its new thread count and batch (the paper's /change).");

/**
 * The chart's `sponge:` section (helm/infscale/values.yaml), plus the joint horizontal knobs
 * (`replicas`) and the arrival-rate window. Unknown fields are refused (a typo would otherwise be
 * a silently ignored setting).
 */
export const spongeConfigSchema = z
  .object({
    interval: duration.default(1000).describe('Time between decisions (paper: 1 s).'),
    targetRef: deploymentRefSchema.describe("The deployment whose pods are resized in place (like a VPA's targetRef)."),
    containerName: z.string().default('').describe('Container to resize; empty means the first.'),
    slo: z
      .object({ latencyMs: z.number().positive().default(1000).describe('Deadline of a request from when it was sent, ms.') })
      .strict()
      .default({ latencyMs: 1000 })
      .describe('The per-request latency objective.'),
    headroom: z.number().gt(0).max(1).default(0.9).describe("Keep the planned queue within this fraction of each request's remaining budget (paper: 0.9)."),
    resourcePolicy: z
      .object({
        minCores: z.number().int().min(1).default(1).describe('Fewest cores of the pod.'),
        maxCores: z.number().int().min(1).default(16).describe('Most cores of the pod.'),
      })
      .strict()
      .refine((r) => r.minCores <= r.maxCores, { message: 'minCores must be ≤ maxCores', path: ['minCores'] })
      .default({ minCores: 1, maxCores: 16 })
      .describe('Like a VPA containerPolicy: the cores one pod may have.'),
    maxBatch: z.number().int().min(1).default(16).describe('Largest batch size.'),
    latencyModel: z
      .object({
        gamma: z.number().describe('Coefficient of b/c, ms.'),
        delta: z.number().describe('Coefficient of b, ms.'),
        epsilon: z.number().describe('Coefficient of 1/c, ms.'),
        eta: z.number().describe('Constant term, ms.'),
      })
      .strict()
      .default({ gamma: 18.29, delta: 4.488, epsilon: 45.47, eta: 1.046 })
      .describe('Latency of a batch of b on c cores: l(b,c) = gamma·b/c + delta·b + epsilon/c + eta (ms); default: the ResNet18 fit.'),
    onResizeFailure: z
      .enum(['report', 'restart'])
      .default('report')
      .describe(
        'A resize that is Infeasible or stays Deferred: report (keep the pod and take the largest size that fits) or restart (fall back to a restart-based resize).',
      ),
    replicas: z
      .object({
        max: z.number().int().min(1).default(4).describe('Most pods.'),
        foldBackAfter: duration.default(30_000).describe('Fewer pods must suffice this long before a pod is removed (a new pod costs a model load).'),
      })
      .strict()
      .default({ max: 4, foldBackAfter: 30_000 })
      .describe('Joint vertical + horizontal scaling: more pods only when one at its largest size cannot keep up.'),
    loadWindow: duration.default(5000).describe('Without a forecaster, the load is the busiest second of this window.'),
    resizeCeilingHold: duration.default(60_000).describe('After a resize came back Deferred or Infeasible, how long the size the pod got is the ceiling.'),
    modelServerHook: modelServerHookSchema,
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

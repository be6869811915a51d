import { durationSchema } from '@infscale/core';
import { z } from 'zod';

export const hpaConfigSchema = z.object({
  /** Deployments it owns (one HPA object each); default every deployment in the cluster. */
  targets: z.array(z.string()).optional(),
  /** cpu: average utilization of requests; rps: average requests per second per pod. */
  metric: z.enum(['cpu', 'rps']).default('cpu'),
  /** Target utilization (cpu, a fraction: 0.5 = 50 %) or target req/s per pod (rps). */
  target: z.number().positive().default(0.5),
  minReplicas: z.number().int().min(1).default(1),
  maxReplicas: z.number().int().min(1).default(100),
  tolerance: z.number().nonnegative().default(0.1),
  /** Sync period (kube-controller-manager --horizontal-pod-autoscaler-sync-period). */
  intervalMs: durationSchema().default(15_000),
  downscaleStabilizationMs: durationSchema({ allowZero: true }).default(300_000),
  /** Legacy scale-up limit: at most max(factor × current, minimum) replicas per sync. */
  scaleUpLimitFactor: z.number().positive().default(2),
  scaleUpLimitMinimum: z.number().int().positive().default(4),
}).strict().refine((c) => c.minReplicas <= c.maxReplicas, { message: 'minReplicas must be ≤ maxReplicas', path: ['minReplicas'] });

export type HpaConfig = z.output<typeof hpaConfigSchema>;

import { durationSchema } from '@infscale/core';
import { z } from 'zod';

export const hpaConfigSchema = z
  .object({
    targets: z.array(z.string()).optional().describe('Deployments it owns (one HPA object each); default every deployment in the cluster.'),
    metric: z.enum(['cpu', 'rps']).default('cpu').describe('cpu: average utilization of requests; rps: average requests per second per pod.'),
    target: z.number().positive().default(0.5).describe('Target utilization (cpu, a fraction: 0.5 = 50 %) or target req/s per pod (rps).'),
    minReplicas: z.number().int().min(1).default(1).describe('Fewest replicas.'),
    maxReplicas: z.number().int().min(1).default(100).describe('Most replicas.'),
    tolerance: z.number().nonnegative().default(0.1).describe('No change while the ratio of metric to target is within 1 ± tolerance.'),
    interval: durationSchema().default(15_000).describe('Sync period (kube-controller-manager --horizontal-pod-autoscaler-sync-period).'),
    downscaleStabilization: durationSchema({ allowZero: true }).default(300_000).describe('Scale down to the highest recommendation of this window.'),
    scaleUpLimitFactor: z.number().positive().default(2).describe('Legacy scale-up limit: at most max(factor × current, minimum) replicas per sync.'),
    scaleUpLimitMinimum: z.number().int().positive().default(4).describe('The minimum of that limit.'),
  })
  .strict()
  .refine((c) => c.minReplicas <= c.maxReplicas, { message: 'minReplicas must be ≤ maxReplicas', path: ['minReplicas'] });

export type HpaConfig = z.output<typeof hpaConfigSchema>;

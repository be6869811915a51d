import { durationSchema } from '@infscale/core';
import { z } from 'zod';

export const vpaConfigSchema = z.object({
  /** Deployments it owns (one VPA object each); default every deployment in the cluster. */
  targets: z.array(z.string()).optional(),
  /** Off: recommend only. Recreate: evict and recreate. InPlaceOrRecreate: resize in place, evict as a fallback. */
  mode: z.enum(['Off', 'Recreate', 'InPlaceOrRecreate']).default('Recreate'),
  /** InfAdapter's baseline: VPA in Off mode with its target applied by an adapter (a rollout). */
  applyOffTarget: z.boolean().default(false),
  /**
   * With applyOffTarget, the paper's adapter (its code): the VPA object is created `vpaCreatedAfterMs`
   * after start (the recommender samples from then on, every intervalMs), its target is read every
   * `readEveryMs` from `firstReadAfterMs`, rounded up to whole cores; a higher target is applied at
   * once, a lower one after `downscaleAfterReads` reads in a row at or below the current cores.
   */
  offAdapter: z
    .object({
      vpaCreatedAfterMs: z.number().nonnegative().default(60_000),
      firstReadAfterMs: z.number().nonnegative().default(120_000),
      readEveryMs: z.number().int().positive().default(30_000),
      downscaleAfterReads: z.number().int().nonnegative().default(4),
    })
    .default({ vpaCreatedAfterMs: 60_000, firstReadAfterMs: 120_000, readEveryMs: 30_000, downscaleAfterReads: 4 }),
  /** updatePolicy.minReplicas (VPA default 2). */
  minReplicas: z.number().int().min(1).default(2),
  /** containerPolicy minAllowed / maxAllowed, in cores. */
  minCores: z.number().positive().optional(),
  maxCores: z.number().positive().optional(),
  /** Round the target up to whole cores (servers that only use integer cores). */
  integerCores: z.boolean().default(false),
  intervalMs: durationSchema().default(60_000),
  halfLifeMs: z.number().positive().default(24 * 3600 * 1000),
  updateThreshold: z.number().positive().default(0.1),
  podLifetimeThresholdMs: z.number().nonnegative().default(12 * 3600 * 1000),
  targetPercentile: z.number().gt(0).max(1).default(0.9),
  lowerBoundPercentile: z.number().gt(0).max(1).default(0.5),
  upperBoundPercentile: z.number().gt(0).max(1).default(0.95),
  safetyMarginFraction: z.number().nonnegative().default(0.15),
  podMinCores: z.number().nonnegative().default(0.025),
}).strict().refine((c) => c.minCores === undefined || c.maxCores === undefined || c.minCores <= c.maxCores, { message: 'minCores must be ≤ maxCores', path: ['minCores'] });

export type VpaConfig = z.output<typeof vpaConfigSchema>;

/**
 * The InfAdapter paper's VPA baseline (its code): a VPA object in Off mode, CPU only, minAllowed 2 /
 * maxAllowed 20 cores, its target applied by the paper's adapter in whole cores; minReplicas 1 so a
 * one-pod deployment is not left alone.
 */
export const INFADAPTER_PAPER_VPA = { mode: 'Off', applyOffTarget: true, integerCores: true, minCores: 2, maxCores: 20, minReplicas: 1 } as const;

import { durationSchema } from '@infscale/core';
import { z } from 'zod';
import { CPU_HALF_LIFE_MS } from './histogram-options';
import { VPA_RECOMMENDER_DEFAULTS as R } from './recommender';
import { VPA_UPDATER_DEFAULTS as U } from './updater';

// The stock VPA's defaults are the constants beside the code that follows them (recommender, updater, histogram).

export const vpaConfigSchema = z
  .object({
    targets: z.array(z.string()).optional().describe('Deployments it owns (one VPA object each); default every deployment in the cluster.'),
    mode: z
      .enum(['Off', 'Recreate', 'InPlaceOrRecreate'])
      .default('Recreate')
      .describe('Off: recommend only. Recreate: evict and recreate. InPlaceOrRecreate: resize in place, evict as a fallback.'),
    applyOffTarget: z.boolean().default(false).describe("InfAdapter's baseline: VPA in Off mode with its target applied by an adapter (a rollout)."),
    offAdapter: z
      .object({
        vpaCreatedAfterMs: z
          .number()
          .nonnegative()
          .default(60_000)
          .describe('The VPA object is created this long after start, ms; the recommender samples from then on.'),
        firstReadAfterMs: z.number().nonnegative().default(120_000).describe('The adapter first reads the target this long after start, ms.'),
        readEveryMs: z.number().int().positive().default(30_000).describe('Then it reads the target this often, ms, rounded up to whole cores.'),
        downscaleAfterReads: z
          .number()
          .int()
          .nonnegative()
          .default(4)
          .describe('A lower target is applied after this many reads in a row at or below the current cores (a higher one at once).'),
      })
      .default({ vpaCreatedAfterMs: 60_000, firstReadAfterMs: 120_000, readEveryMs: 30_000, downscaleAfterReads: 4 })
      .describe("With applyOffTarget, the InfAdapter paper's adapter (its code)."),
    minReplicas: z
      .number()
      .int()
      .min(1)
      .default(U.minReplicas)
      .describe('updatePolicy.minReplicas (VPA default 2): the updater leaves smaller deployments alone.'),
    minCores: z.number().positive().optional().describe('containerPolicy minAllowed, in cores.'),
    maxCores: z.number().positive().optional().describe('containerPolicy maxAllowed, in cores.'),
    integerCores: z.boolean().default(false).describe('Round the target up to whole cores (servers that only use integer cores).'),
    interval: durationSchema().default(60_000).describe("The recommender's loop: one CPU sample per ready pod each interval."),
    halfLifeMs: z.number().positive().default(CPU_HALF_LIFE_MS).describe("Half-life of the CPU histogram's decay, ms."),
    updateThreshold: z
      .number()
      .positive()
      .default(U.updateThreshold)
      .describe("The updater acts when the target is this far (a fraction) from the request, within the young pods' bounds."),
    podLifetimeThresholdMs: z
      .number()
      .nonnegative()
      .default(U.podLifetimeThresholdMs)
      .describe('Pods younger than this are updated only when their request is outside the bounds, ms.'),
    targetPercentile: z.number().gt(0).max(1).default(R.targetPercentile).describe('Percentile of the CPU histogram the target is.'),
    lowerBoundPercentile: z.number().gt(0).max(1).default(R.lowerBoundPercentile).describe('Percentile of the lower bound.'),
    upperBoundPercentile: z.number().gt(0).max(1).default(R.upperBoundPercentile).describe('Percentile of the upper bound.'),
    safetyMarginFraction: z.number().nonnegative().default(R.safetyMarginFraction).describe('The recommendation is the percentile × (1 + this).'),
    podMinCores: z.number().nonnegative().default(R.podMinCores).describe('Smallest recommendation, cores.'),
  })
  .strict()
  .refine((c) => c.minCores === undefined || c.maxCores === undefined || c.minCores <= c.maxCores, {
    message: 'minCores must be ≤ maxCores',
    path: ['minCores'],
  });

export type VpaConfig = z.output<typeof vpaConfigSchema>;

import { z } from 'zod';
import { durationSchema, parseConfig, type DeploymentSpec, type Scaler } from '@infscale/core';
import { desiredFromCluster } from './desired';

export const staticConfigSchema = z
  .object({
    deployments: z
      .record(
        z.string(),
        z
          .object({
            replicas: z.number().int().min(0).describe('Replicas.'),
            cores: z.number().positive().describe('Cores per pod.'),
            batch: z.number().int().min(1).optional().describe('Batch size; default the one it runs with.'),
          })
          .strict(),
      )
      .default({})
      .describe('Replicas and cores per pod for each deployment named; others stay as they are.'),
    interval: durationSchema().default(60_000).describe('How often it puts the allocation back.'),
  })
  .strict();
export type StaticConfig = z.output<typeof staticConfigSchema>;

/**
 * A fixed allocation (the papers' "static 16 cores" baseline): each interval it puts back the
 * configured replicas and cores if anything differs, and otherwise holds.
 */
export function createStaticScaler(input: unknown = {}): Scaler<null> {
  const config = parseConfig(staticConfigSchema, input, 'static scaler config');
  const fixed = (d: DeploymentSpec): DeploymentSpec => {
    const want = config.deployments[d.name];
    return want ? { ...d, replicas: want.replicas, cores: want.cores, batch: want.batch ?? d.batch } : d;
  };
  return {
    name: 'static',
    intervalMs: config.interval,
    observationRequest: (nowMs) => ({ nowMs, historySeconds: 1, deployments: [] }),
    initialState: () => null,
    decide: ({ cluster }) => {
      const off = cluster.deployments.filter((d) => {
        const want = fixed(d);
        return want.replicas !== d.replicas || want.cores !== d.cores || want.batch !== d.batch;
      });
      if (off.length === 0) return { state: null, decision: { kind: 'hold', reason: 'at the fixed allocation' } };
      return {
        state: null,
        decision: {
          kind: 'apply',
          desired: desiredFromCluster(cluster, fixed),
          resize: 'restart',
          reason: `back to the fixed allocation: ${off.map((d) => `${d.name} ${fixed(d).replicas}×${fixed(d).cores} cores`).join(', ')}`,
        },
      };
    },
  };
}

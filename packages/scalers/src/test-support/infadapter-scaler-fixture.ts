import type { ClusterState, Decision, Forecast } from '@infscale/core';

// This package's InfAdapter scaler tests share these (not exported: src/test-support/index.ts is for other packages).

/** Three variants with linear capacities (10n, 6n, 3n req/s) so answers can be worked out by hand; the paper's method. */
export const small = {
  method: 'paper',
  budget: { cores: 10 },
  resourcePolicy: { minCores: 1, maxCores: 10 },
  objective: { alpha: 0.05, beta: 0 },
  variants: [
    { name: 'fast', accuracy: 0.7, loadTimeS: 6, capacityRps: Array.from({ length: 10 }, (_, i) => 10 * (i + 1)) },
    { name: 'mid', accuracy: 0.76, loadTimeS: 7, capacityRps: Array.from({ length: 10 }, (_, i) => 6 * (i + 1)) },
    { name: 'slow', accuracy: 0.78, loadTimeS: 8, capacityRps: Array.from({ length: 10 }, (_, i) => 3 * (i + 1)) },
  ],
};

export function cluster(running: Record<string, number>): ClusterState {
  const deployments = Object.entries(running).map(([name, cores]) => ({
    name,
    variant: name,
    stage: 'main',
    replicas: 1,
    cores,
    batch: 1,
    readyReplicas: 1,
    actualCores: cores,
  }));
  return { deployments, routing: [{ stage: 'main', weights: Object.fromEntries(deployments.map((d) => [d.name, 1])) }] };
}

export const forecast = (peakRps: number): Forecast => ({ peakRps, horizonSeconds: 60, method: 'test' });

export function coresOf(d: Decision): Record<string, number> {
  if (d.kind !== 'apply') throw new Error(`expected apply, got hold: ${d.reason}`);
  return Object.fromEntries(d.desired.deployments.map((x) => [x.variant, x.cores]));
}

export function quotasOf(d: Decision): Record<string, number> {
  if (d.kind !== 'apply') throw new Error('expected apply');
  return d.desired.routing[0]!.weights;
}

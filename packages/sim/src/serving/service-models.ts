import type { CapacityPoint, ProfilePoint, Variant } from '@infscale/core';
import type { BatchTime, ServiceModel } from './service-model';

/** Linear interpolation over sorted xs; beyond the ends, the nearest segment's line (at least 2 points). */
function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  if (xs.length === 1) return ys[0];
  let i = 1;
  while (i < xs.length - 1 && xs[i] < x) i++;
  const x0 = xs[i - 1];
  const x1 = xs[i];
  return ys[i - 1] + ((ys[i] - ys[i - 1]) * (x - x0)) / (x1 - x0);
}

function lookup<T>(table: Map<string, T>, variant: string): T {
  const found = table.get(variant);
  if (!found) throw new Error(`no profile for variant "${variant}" (known: ${[...table.keys()].join(', ')})`);
  return found;
}

/**
 * InfAdapter's profiles: capacity (req/s at a p99 SLO) per core count. A pod with c cores runs c
 * workers (TF-Serving, batch 1), each taking c / capacity(c) ms·1000 per request, so c workers give
 * exactly the profiled capacity. We use the capacity at the loosest profiled SLO (1500 ms), the
 * closest to the pod's saturation throughput; the tighter SLOs' capacities then come out of the
 * queueing (tested). Fractional cores below the profile scale the 1-core capacity linearly.
 */
export function capacityServiceModel(variants: readonly Variant[], sloMs?: number): ServiceModel {
  const table = new Map<string, { cores: number[]; rps: number[] }>();
  for (const v of variants) {
    const points = v.capacity ?? [];
    if (points.length === 0) throw new Error(`variant ${v.name} has no capacity profile`);
    const slo = sloMs ?? Math.max(...points.map((p) => p.sloMs));
    const at = points.filter((p: CapacityPoint) => p.sloMs === slo).sort((a, b) => a.cores - b.cores);
    if (at.length === 0) throw new Error(`variant ${v.name} has no capacity at SLO ${slo} ms`);
    table.set(v.name, { cores: at.map((p) => p.cores), rps: at.map((p) => Math.max(p.capacityRps, 0.01)) });
  }
  const capacity = (variant: string, cores: number): number => {
    const t = lookup(table, variant);
    if (cores < t.cores[0]) return (t.rps[0] * cores) / t.cores[0];
    return Math.max(0.01, interpolate(t.cores, t.rps, cores));
  };
  const workers = (cores: number): number => Math.max(1, Math.floor(cores));
  return {
    workers: (_variant, cores) => workers(cores),
    batchTime: (variant, batchSize, cores) => ({ meanMs: (batchSize * 1000 * workers(cores)) / capacity(variant, cores) }),
  };
}

/**
 * IPA's and Sponge's measured tables: p99 latency and throughput per batch at some core counts. One
 * worker per pod; a batch of k takes k / throughput(k) on average (throughput and p99 interpolated
 * between profiled batches). Cores: the profiled count nearest below (else the smallest), with the
 * time scaled by profiledCores / cores — linear speed-up, the assumption IPA's base allocation implies.
 */
export function batchProfileServiceModel(variants: readonly Pick<Variant, 'name' | 'points'>[]): ServiceModel {
  const table = new Map<string, Map<number, ProfilePoint[]>>();
  for (const v of variants) {
    if (v.points.length === 0) throw new Error(`variant ${v.name} has no profile points`);
    const byCores = new Map<number, ProfilePoint[]>();
    for (const p of v.points) byCores.set(p.cores, [...(byCores.get(p.cores) ?? []), p]);
    for (const list of byCores.values()) list.sort((a, b) => a.batch - b.batch);
    table.set(v.name, byCores);
  }
  const batchTime = (variant: string, k: number, cores: number): BatchTime => {
    const byCores = lookup(table, variant);
    const profiled = [...byCores.keys()].sort((a, b) => a - b);
    const base = [...profiled].reverse().find((c) => c <= cores) ?? profiled[0];
    const points = byCores.get(base) as ProfilePoint[];
    const batches = points.map((p) => p.batch);
    const throughput = Math.max(
      1e-6,
      interpolate(
        batches,
        points.map((p) => p.throughputRps),
        k,
      ),
    );
    const p99 = interpolate(
      batches,
      points.map((p) => p.latencyMs),
      k,
    );
    const speedup = cores / base;
    return { meanMs: (1000 * k) / throughput / speedup, p99Ms: p99 > 0 ? p99 / speedup : undefined };
  };
  return { workers: () => 1, batchTime };
}

/** Sponge's fitted model l(b, c) = γ·b/c + δ·b + ε/c + η ms: one worker; the batch takes l(k, c). */
export interface LatencyModelParams {
  gamma: number;
  delta: number;
  epsilon: number;
  eta: number;
}

export function latencyModelServiceModel(models: Record<string, LatencyModelParams>): ServiceModel {
  const table = new Map(Object.entries(models));
  return {
    workers: () => 1,
    batchTime: (variant, k, cores) => {
      const m = lookup(table, variant);
      return { meanMs: (m.gamma * k) / cores + m.delta * k + m.epsilon / cores + m.eta };
    },
  };
}

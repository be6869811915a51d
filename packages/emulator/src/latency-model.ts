/**
 * Serving time of one batch, from a profile: pure, no I/O.
 * - `sponge`: the fitted model of the Sponge paper, l(b, c) = γ·b/c + δ·b + ε/c + η (ms);
 * - `table`: measured latencies per (batch, cores), e.g. a profile's p99 per batch × cores.
 */
export type LatencyProfile =
  | { kind: 'sponge'; gamma: number; delta: number; epsilon: number; eta: number }
  | { kind: 'table'; points: ReadonlyArray<{ batch: number; cores: number; latencyMs: number }> };

/** The ResNet18 fit from data/sponge/profiling/latency_model_fits.json (PAPERS.md). */
export const RESNET18_SPONGE_FIT: LatencyProfile = { kind: 'sponge', gamma: 18.29, delta: 4.488, epsilon: 45.47, eta: 1.046 };

/**
 * Milliseconds to serve a batch of `batch` requests with `cores` CPU cores. A table answers with
 * the row of the same batch (or the smallest larger batch) at the most cores not above `cores`:
 * never faster than measured. Throws when the table has no usable row.
 */
export function serviceTimeMs(profile: LatencyProfile, batch: number, cores: number): number {
  if (!(batch >= 1) || !(cores > 0)) throw new Error(`batch must be ≥ 1 and cores > 0 (got batch ${batch}, cores ${cores})`);
  if (profile.kind === 'sponge') {
    const { gamma, delta, epsilon, eta } = profile;
    return (gamma * batch) / cores + delta * batch + epsilon / cores + eta;
  }
  const batches = [...new Set(profile.points.map((p) => p.batch))].sort((a, b) => a - b);
  const useBatch = batches.find((b) => b >= batch);
  const rows = profile.points.filter((p) => p.batch === useBatch && p.cores <= cores);
  if (rows.length === 0) throw new Error(`the latency table has no row for batch ≥ ${batch} at ≤ ${cores} cores`);
  return rows.reduce((best, p) => (p.cores > best.cores ? p : best)).latencyMs;
}

/**
 * Why a server with this profile could not serve some batch of 1 to `batch` requests at `cores`
 * (a table without a row for it, a time that is not a number ≥ 0), or undefined when it can serve
 * every one: what a configuration must pass before it is used, so that no batch fails later.
 */
export function servingProblem(profile: LatencyProfile, batch: number, cores: number): string | undefined {
  for (let b = 1; b <= batch; b++) {
    let ms: number;
    try {
      ms = serviceTimeMs(profile, b, cores);
    } catch (err) {
      return (err as Error).message;
    }
    if (!(ms >= 0) || !Number.isFinite(ms)) return `the latency profile gives ${ms} ms for a batch of ${b} at ${cores} cores, not a time`;
  }
  return undefined;
}

/**
 * A batch-1 table from a profile's capacities (`capacityRps[i]`: requests per second at i + 1 cores):
 * served by `cores` workers, a server sustains the profiled capacity, so one request takes cores /
 * capacity seconds. Core counts without a capacity are left out.
 */
export function profileFromCapacities(capacityRps: readonly (number | null | undefined)[]): LatencyProfile {
  const points = capacityRps.flatMap((cap, i) => (cap ? [{ batch: 1, cores: i + 1, latencyMs: Math.round((1000 * (i + 1)) / cap) }] : []));
  if (points.length === 0) throw new Error('no capacity to build a latency table from');
  return { kind: 'table', points };
}

import type { Scaler } from '@infscale/core';

/** A starting deployment of the InfAdapter scenario: a variant, its cores, and its share of the traffic. */
export interface StartDeployment {
  variant: string;
  cores: number;
  replicas: number;
  weight?: number;
}

/** The minute whose peak a warm start plans for. */
export const OWN_START_SECONDS = 60;

/**
 * Where a system that had been running at the window's first load would stand: the scaler's own
 * decision, from nothing running, given the window's first minute as its history and that minute's
 * peak as its forecast (each method plans from them as it would; the improved one holds the forecast
 * to the last 30 s peak). The paper's start (ResNet152 with the whole budget, 67 req/s) is a cold
 * start for a window drawn at random: one that begins at 240 req/s fails half its first interval's
 * requests whatever the method. The same rule for every method, so the start favours none. Returns
 * undefined when the scaler holds.
 */
export function ownStart(scaler: Scaler<unknown>, arrivals: ArrayLike<number>): StartDeployment[] | undefined {
  const first = Array.from({ length: Math.min(OWN_START_SECONDS, arrivals.length) }, (_, i) => arrivals[i]!);
  if (first.length === 0) return undefined;
  const out = scaler.decide(
    {
      nowMs: 0,
      observation: { nowMs: 0, arrivalsPerSecond: first },
      forecast: { peakRps: Math.max(...first), horizonSeconds: OWN_START_SECONDS, method: 'the first minute' },
      cluster: { deployments: [], routing: [] },
    },
    scaler.initialState(),
  );
  if (out.decision.kind !== 'apply') return undefined;
  const weights = out.decision.desired.routing[0]?.weights ?? {};
  const start = out.decision.desired.deployments
    .filter((d) => d.replicas > 0 && d.cores > 0)
    .map((d) => ({ variant: d.variant, cores: d.cores, replicas: d.replicas, weight: weights[d.name] ?? 0 }));
  if (start.length === 0) return undefined;
  // A plan without quotas shares the traffic evenly, as the scenario does.
  return start.some((d) => d.weight > 0) ? start : start.map((d) => ({ ...d, weight: 1 }));
}

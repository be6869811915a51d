import type { DesiredState, Scaler } from '@infscale/core';
import type { SimConfig } from '../engine/config';
import type { ServiceModel } from '../serving/service-model';

/** A model where every batch of k takes k × msPerRequest / cores-speedup on `workers` workers. */
export function fixedService(msPerRequest: Record<string, number>, workers = 1): ServiceModel {
  return {
    workers: () => workers,
    batchTime: (variant, k) => ({ meanMs: k * (msPerRequest[variant] ?? NaN) }),
  };
}

export function oneDeployment(variant: string, replicas: number, cores = 1, batch = 1): DesiredState {
  return { deployments: [{ name: variant, variant, stage: 'main', replicas, cores, batch }], routing: [] };
}

export function baseConfig(overrides: Partial<SimConfig> & Pick<SimConfig, 'arrivals' | 'service' | 'initial'>): SimConfig {
  return {
    nodes: [{ cores: 64 }],
    stages: [{ name: 'main' }],
    variants: {},
    sloMs: 1000,
    seed: 7,
    ...overrides,
  };
}

/** A scaler that applies `plans[i]` at its i-th decision and holds afterwards. */
export function scriptedScaler(
  plans: DesiredState[],
  intervalMs = 10_000,
  resize: 'in-place' | 'restart' | 'in-place-or-restart' = 'in-place',
): Scaler<number> {
  return {
    name: 'scripted',
    intervalMs,
    observationRequest: (nowMs) => ({ nowMs, historySeconds: 10, deployments: [] }),
    initialState: () => 0,
    decide: (_input, i) => {
      const desired = plans[i];
      if (!desired) return { state: i + 1, decision: { kind: 'hold', reason: 'script done' } };
      return { state: i + 1, decision: { kind: 'apply', desired, resize, reason: `step ${i}` } };
    },
  };
}

export const holdScaler: Scaler<null> = {
  name: 'hold',
  intervalMs: 60_000,
  observationRequest: (nowMs) => ({ nowMs, historySeconds: 60, deployments: [] }),
  initialState: () => null,
  decide: () => ({ state: null, decision: { kind: 'hold', reason: 'static' } }),
};

/** Poisson counts per second with mean `rps` (Knuth's method; fine for small means). */
export function poissonCounts(rps: number, seconds: number, seed = 3): number[] {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const out: number[] = [];
  const limit = Math.exp(-rps);
  for (let i = 0; i < seconds; i++) {
    let k = 0;
    let p = uniform();
    while (p > limit) {
      k++;
      p *= uniform();
    }
    out.push(k);
  }
  return out;
}

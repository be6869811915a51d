import type { Scaler } from '@infscale/core';

/**
 * A scaler that always holds (stateless, one tick a second): what a test registers when only the
 * registry entry around it matters (its name, config schema, dashboard, chart section).
 */
export function holdingScaler(name: string): Scaler<null> {
  return {
    name,
    intervalMs: 1000,
    observationRequest: (nowMs: number) => ({ nowMs, historySeconds: 1, deployments: [] }),
    initialState: () => null,
    decide: (_input, state: null) => ({ state, decision: { kind: 'hold', reason: name } }),
  };
}

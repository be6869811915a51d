import type { IntervalPlan } from '@infscale/solver';

/** What one system did in one interval: mean cores and the mean PAS of what it served (fraction). */
export interface IntervalSpend {
  startS: number;
  meanCores: number;
  accuracy: number;
}

/** One system's spend over a phase of the window. */
export interface PhaseSpend {
  system: string;
  /** Mean cores over the phase's intervals. */
  meanCores: number;
  /** PAS (%) weighted by each interval's requests. */
  pasPct: number;
}

export interface PhaseRow {
  phase: 'calm' | 'loaded';
  intervals: number;
  requests: number;
  spend: PhaseSpend[];
}

/**
 * Splits a window into its calm intervals (mean rate ≤ splitRps) and its loaded ones, and says how many
 * cores each system and the frontier spent in each and at what request-weighted PAS: where the frontier
 * puts the cores a scaler does not. Systems' intervals are matched to the plan's by start second;
 * an interval a system has no row for counts as 0 cores and PAS 0. Pure.
 */
export function phaseSpend(
  plan: readonly IntervalPlan[],
  systems: readonly { name: string; series: readonly IntervalSpend[] }[],
  splitRps: number,
): PhaseRow[] {
  // Each system's rows by start second, looked up in both phases.
  const byStart = systems.map((s) => ({ name: s.name, at: new Map(s.series.map((r) => [r.startS, r])) }));
  const rows: PhaseRow[] = [];
  for (const phase of ['calm', 'loaded'] as const) {
    const inPhase = plan.filter((p) => (p.requests / p.lengthS > splitRps ? 'loaded' : 'calm') === phase);
    if (inPhase.length === 0) continue;
    const requests = inPhase.reduce((a, p) => a + p.requests, 0);
    const weighted = (pas: (p: IntervalPlan) => number): number => (requests > 0 ? (100 * inPhase.reduce((a, p) => a + p.requests * pas(p), 0)) / requests : 0);
    const mean = (cores: (p: IntervalPlan) => number): number => inPhase.reduce((a, p) => a + cores(p), 0) / inPhase.length;
    const spend: PhaseSpend[] = byStart.map(({ name, at }) => ({
      system: name,
      meanCores: mean((p) => at.get(p.startS)?.meanCores ?? 0),
      pasPct: weighted((p) => at.get(p.startS)?.accuracy ?? 0),
    }));
    spend.push({ system: 'frontier', meanCores: mean((p) => p.cores), pasPct: weighted((p) => p.pas ?? 0) });
    rows.push({ phase, intervals: inPhase.length, requests, spend });
  }
  return rows;
}

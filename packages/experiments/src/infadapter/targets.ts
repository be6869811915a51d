import type { InfAdapterProfiles } from '@infscale/profiles';
import { leastCoreSecondsAt, maxRpsPerCore, mostAccuracyWithin, type BoundVariant, type FrontierInput } from '@infscale/solver';
import { fmt, verdict } from '../format';
import type { ComparisonRow } from '../scenario';

/** The restated targets of issue #16 for InfAdapter. */
export const INFADAPTER_TARGETS = {
  /** SLO violations ≤ 1 %. */
  maxViolationPct: 1,
  /** … and ≤ 0.3 × the best VPA run's. */
  violationsVsBestVpa: 0.3,
  /** Core-seconds ≤ 0.67 × the cheapest VPA run at equal-or-better violations and accuracy (the paper's −33 %). */
  costVsEqualSloVpa: 0.67,
  /** Core-seconds ≤ 1.3 × the frontier's at InfAdapter's accuracy. */
  costVsFrontier: 1.3,
  /** Objective within 5 % of the oracle's. */
  objectiveGap: 0.05,
} as const;

/** Share of requests the frontier may leave late or dropped (the violation target). */
export const FRONTIER_FREE_SHARE = INFADAPTER_TARGETS.maxViolationPct / 100;

/**
 * Best req/s per core the simulator serves: its capacity service model runs a variant at the profiled
 * capacity of the largest SLO, interpolated linearly between profiled core counts, so the best ratio
 * is at a profiled point.
 */
export function simulatorRates(profiles: InfAdapterProfiles): { sloMs: number; variants: BoundVariant[] } {
  const sloMs = Math.max(...profiles.variants.flatMap((v) => (v.capacity ?? []).map((p) => p.sloMs)));
  const variants = profiles.variants.map((v) => ({
    name: v.name,
    accuracy: v.accuracy,
    rpsPerCore: maxRpsPerCore((v.capacity ?? []).filter((p) => p.sloMs === sloMs).map((p) => ({ cores: p.cores, rps: p.capacityRps }))),
  }));
  return { sloMs, variants };
}

/** The frontier of a window with the simulator's service rates, the paper's 20 cores and 30 s intervals. */
export function frontierInput(arrivals: ArrayLike<number>, profiles: InfAdapterProfiles): FrontierInput {
  return { arrivals, variants: simulatorRates(profiles).variants, intervalS: 30, maxCores: profiles.settings.maxCores, freeShare: FRONTIER_FREE_SHARE };
}

/** The frontier's two questions for a window. */
export interface Frontier {
  /** Fewest core-seconds at a load-weighted accuracy (undefined: out of reach). */
  coreSecondsAt(accuracy: number): number | undefined;
  /** Most accuracy within core-seconds (undefined: not even the cheapest way fits). */
  accuracyWithin(coreSeconds: number): number | undefined;
}

export function frontierOf(input: FrontierInput): Frontier {
  return {
    coreSecondsAt: (accuracy) => leastCoreSecondsAt(input, accuracy)?.coreSeconds,
    accuracyWithin: (coreSeconds) => mostAccuracyWithin(input, coreSeconds)?.accuracy,
  };
}

const isVpa = (r: ComparisonRow): boolean => r.system.startsWith('vpa-');
const pct = (n: number): string => `${fmt(n)} %`;

/** The ratio of a row to the frontier: its core-seconds to the frontier's at its accuracy, and the frontier's accuracy at its core-seconds. */
function frontierLine(r: ComparisonRow, frontier: Frontier): string {
  const least = frontier.coreSecondsAt(r.accuracy);
  const most = frontier.accuracyWithin(r.coreSeconds);
  const ratio = least === undefined ? 'no allocation reaches its accuracy' : `${fmt(r.coreSeconds / least)} (${fmt(r.coreSeconds)} vs ${fmt(least)} core-s)`;
  const accuracy = most === undefined ? '' : `; accuracy ${fmt(r.accuracy)} vs the frontier's ${fmt(most)} at its core-seconds`;
  return `  ${r.system}: ${ratio}${accuracy}; its violations ${pct(r.sloViolationPct)} (the frontier leaves ≤ ${pct(100 * FRONTIER_FREE_SHARE)})`;
}

/**
 * The restated targets, measured from the table's rows: InfAdapter's violations (≤ 1 % and ≤ 0.3 × the
 * best VPA run's, the sweep included), its cost against the cheapest VPA run at equal-or-better
 * violations and accuracy (or, when none gets there, which comes closest), against the clairvoyant
 * frontier, and its objective against the oracle; then every scaler's ratio to the frontier.
 */
export function targetLines(rows: readonly ComparisonRow[], frontier?: Frontier): string[] {
  const T = INFADAPTER_TARGETS;
  const get = (name: string): ComparisonRow | undefined => rows.find((r) => r.system === name);
  const ia = get('infadapter');
  const vpas = rows.filter(isVpa);
  if (!ia || vpas.length === 0) return ['(infadapter or VPA not run: no targets)'];
  const lines = [
    `SLO violations: infadapter ${pct(ia.sloViolationPct)} (target ≤ ${T.maxViolationPct} %): ${verdict(ia.sloViolationPct <= T.maxViolationPct)}`,
  ];

  const best = [...vpas].sort((a, b) => a.sloViolationPct - b.sloViolationPct || a.coreSeconds - b.coreSeconds)[0]!;
  const ratio = best.sloViolationPct > 0 ? ia.sloViolationPct / best.sloViolationPct : ia.sloViolationPct === 0 ? 0 : Infinity;
  lines.push(
    `SLO violations vs the best of ${vpas.length} VPA runs (${best.system}, ${pct(best.sloViolationPct)}): ratio ${fmt(ratio)} (target ≤ ${T.violationsVsBestVpa}): ${verdict(ratio <= T.violationsVsBestVpa)}`,
  );

  const equal = vpas.filter((r) => r.sloViolationPct <= ia.sloViolationPct && r.accuracy >= ia.accuracy).sort((a, b) => a.coreSeconds - b.coreSeconds)[0];
  if (equal) {
    const cost = ia.coreSeconds / equal.coreSeconds;
    lines.push(
      `core-seconds vs the cheapest VPA run with violations ≤ ${pct(ia.sloViolationPct)} and accuracy ≥ ${fmt(ia.accuracy)} (${equal.system}: ${pct(equal.sloViolationPct)}, ${fmt(equal.accuracy)}): ${fmt(ia.coreSeconds)} vs ${fmt(equal.coreSeconds)} → ratio ${fmt(cost)} (target ≤ ${T.costVsEqualSloVpa}): ${verdict(cost <= T.costVsEqualSloVpa)}`,
    );
  } else {
    const accurate = vpas.filter((r) => r.accuracy >= ia.accuracy);
    const closest = [...(accurate.length > 0 ? accurate : vpas)].sort((a, b) => a.sloViolationPct - b.sloViolationPct || a.coreSeconds - b.coreSeconds)[0]!;
    lines.push(
      `core-seconds at equal SLO (target ≤ ${T.costVsEqualSloVpa} × the cheapest VPA run with violations ≤ ${pct(ia.sloViolationPct)} and accuracy ≥ ${fmt(ia.accuracy)}): MISSED, no such run — none of the ${vpas.length} VPA runs gets there; ` +
        `closest${accurate.length > 0 ? ' at that accuracy' : ''}: ${closest.system} with ${pct(closest.sloViolationPct)} violations, accuracy ${fmt(closest.accuracy)}, ${fmt(closest.coreSeconds)} core-s (infadapter: ${fmt(ia.coreSeconds)})`,
    );
  }

  if (frontier) {
    const least = frontier.coreSecondsAt(ia.accuracy);
    if (least === undefined)
      lines.push(
        `core-seconds vs the frontier: no allocation reaches infadapter's accuracy ${fmt(ia.accuracy)} (target ≤ ${T.costVsFrontier} ×): not measurable`,
      );
    else {
      const r = ia.coreSeconds / least;
      lines.push(
        `core-seconds vs the frontier at infadapter's accuracy ${fmt(ia.accuracy)}: ${fmt(ia.coreSeconds)} vs ${fmt(least)} → ratio ${fmt(r)} (target ≤ ${T.costVsFrontier}): ${verdict(r <= T.costVsFrontier)}`,
      );
    }
  }

  const oracle = get('infadapter-oracle');
  if (oracle) {
    const gap = Math.abs(oracle.objective - ia.objective) / Math.abs(oracle.objective);
    lines.push(
      `objective: infadapter ${fmt(ia.objective)} vs oracle ${fmt(oracle.objective)} → gap ${pct(100 * gap)} (target ≤ ${100 * T.objectiveGap} %): ${verdict(ia.objective >= oracle.objective || gap <= T.objectiveGap)}`,
    );
  }

  if (frontier) {
    lines.push(
      "ratio to the frontier (core-seconds / the frontier's at the same accuracy, each 30 s peak known, fractional cores, ≤ 20 cores, the simulator's service rates):",
    );
    const shown = rows.filter((r) => !isVpa(r) && !r.system.startsWith('frontier'));
    for (const r of [...shown, best, ...(equal && equal !== best ? [equal] : [])]) lines.push(frontierLine(r, frontier));
  }
  return lines;
}

import type { InfAdapterProfiles } from '@infscale/profiles';
import { allowedCores, capacityAt, coreSecondsLowerBound, infAdapterProblemFromProfiles, maxRpsPerCore, type BoundVariant } from '@infscale/solver';
import { fmt, verdict } from '../format';
import type { ComparisonRow } from '../scenario';

/** What the cost bound needs: the arrivals every system was run on and the profiles. */
export interface BoundContext {
  arrivals: ArrayLike<number>;
  profiles: InfAdapterProfiles;
}

/** Best req/s per core in the solver's capacity model (fit × 0.8, cores 0 or 2..20). */
export function capacityModelRates(profiles: InfAdapterProfiles): BoundVariant[] {
  const built = infAdapterProblemFromProfiles(profiles, { loadRps: 0 });
  if ('error' in built) throw new Error(built.error);
  return built.problem.variants.map((v) => ({
    name: v.name,
    accuracy: v.accuracy,
    rpsPerCore: maxRpsPerCore(allowedCores(v).map((n) => ({ cores: n, rps: capacityAt(v, n)! }))),
  }));
}

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

/**
 * Whether any scaler could meet the cost and accuracy targets at once: the fewest core-seconds that
 * serve the window at VPA-ResNet50's accuracy, letting the share of requests the violation target
 * allows go free, against 0.6 × the best VPA run's core-seconds.
 */
function boundLines(rows: readonly ComparisonRow[], vpa: ComparisonRow, ctx: BoundContext): string[] {
  const r50 = rows.filter((r) => r.system.startsWith('vpa-resnet50-'));
  if (r50.length === 0) return ['cost bound: no VPA-ResNet50 run, so no accuracy to bound at'];
  const required = Math.max(...r50.map((r) => r.accuracy));
  const freeShare = (0.3 * vpa.sloViolationPct) / 100;
  const limit = 0.6 * vpa.coreSeconds;
  const sim = simulatorRates(ctx.profiles);
  const cases: [string, BoundVariant[]][] = [
    ['capacity model (fit × 0.8, best req/s per core over 2..20 cores)', capacityModelRates(ctx.profiles)],
    [`simulator's service rate (profiled capacity at ${sim.sloMs} ms, best req/s per core)`, sim.variants],
  ];
  const lines: string[] = [];
  for (const [label, variants] of cases) {
    const b = coreSecondsLowerBound({ arrivals: ctx.arrivals, variants, requiredAccuracy: required, freeShare });
    if (lines.length === 0) {
      lines.push(`cost bound: ${b.requests} requests at load-weighted accuracy ≥ ${required.toFixed(4)}, ${fmt(100 * freeShare)} % of them free (0.3 × best VPA's violations), vs 0.6 × ${fmt(vpa.coreSeconds)} = ${fmt(limit)} core-seconds:`);
    }
    const outcome = b.coreSeconds > limit ? `cost and accuracy targets jointly infeasible for any scaler: lower bound ${fmt(b.coreSeconds)} > ${fmt(limit)}` : `feasible in principle: lower bound ${fmt(b.coreSeconds)} ≤ ${fmt(limit)}`;
    lines.push(`  ${label}: ${outcome}`);
  }
  return lines;
}

/**
 * The targets, computed from the table's rows so that the report states them exactly:
 * vs the best VPA run, SLO violations ≤ 0.3×, core-seconds ≤ 0.6×; accuracy ≥ VPA with ResNet50;
 * objective within 5 % of the oracle-forecast bound; and whether any scaler could meet the first two.
 */
export function targetLines(rows: readonly ComparisonRow[], bestVpa: string | undefined, bound?: BoundContext): string[] {
  const get = (name: string | undefined): ComparisonRow | undefined => rows.find((r) => r.system === name);
  const ia = get('infadapter');
  const vpa = get(bestVpa);
  if (!ia || !vpa) return ['(infadapter or VPA not run: no targets)'];
  const lines = [`best VPA run: ${vpa.system}`];
  const violations = vpa.sloViolationPct > 0 ? ia.sloViolationPct / vpa.sloViolationPct : ia.sloViolationPct === 0 ? 0 : Infinity;
  lines.push(`SLO violations: infadapter ${fmt(ia.sloViolationPct)} % vs ${fmt(vpa.sloViolationPct)} % → ratio ${fmt(violations)} (target ≤ 0.3): ${verdict(violations <= 0.3)}`);
  const cost = ia.coreSeconds / vpa.coreSeconds;
  lines.push(`core-seconds: ${fmt(ia.coreSeconds)} vs ${fmt(vpa.coreSeconds)} → ratio ${fmt(cost)} (target ≤ 0.6): ${verdict(cost <= 0.6)}`);
  const r50 = rows.filter((r) => r.system.startsWith('vpa-resnet50-'));
  for (const r of r50) lines.push(`accuracy: infadapter ${fmt(ia.accuracy)} vs ${r.system} ${fmt(r.accuracy)} (target ≥): ${verdict(ia.accuracy >= r.accuracy)}`);
  const oracle = get('infadapter-oracle');
  if (oracle) {
    const gap = Math.abs(oracle.objective - ia.objective) / Math.abs(oracle.objective);
    lines.push(`objective: infadapter ${fmt(ia.objective)} vs oracle ${fmt(oracle.objective)} → gap ${fmt(100 * gap)} % (target ≤ 5 %): ${verdict(ia.objective >= oracle.objective || gap <= 0.05)}`);
  }
  if (bound) lines.push(...boundLines(rows, vpa, bound));
  return lines;
}

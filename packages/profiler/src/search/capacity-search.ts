import { passes, type Measurement, type ProbeLength } from './measurement';

/** How the capacity at one SLO is searched for. */
export interface SearchSettings {
  sloMs: number;
  /** The latency quantile held to the SLO (the InfAdapter paper: p99). */
  quantile: number;
  /** First rate probed, req/s. */
  startRps: number;
  /** The search never probes above this; a server that holds it is reported at it. */
  maxRps: number;
  /** A server over the SLO at this rate has no capacity (0). */
  minRps: number;
  /** Factor between probes until the capacity is bracketed. */
  growth: number;
  /** Done when the bracket (passing rate, failing rate) is narrower than this share of the failing rate. */
  tolerance: number;
  /** Probes while looking for the bracket: short, the answer is far from the SLO. */
  bracketProbe: ProbeLength;
  /** Probes inside the bracket: long, the answer is near the SLO and noisy. */
  refineProbe: ProbeLength;
  /** Stop after this many probes whatever the bracket. */
  maxProbes: number;
}

export const DEFAULT_SEARCH: Omit<SearchSettings, 'sloMs' | 'startRps'> = {
  quantile: 0.99,
  maxRps: 100_000,
  minRps: 0.1,
  growth: 2,
  tolerance: 0.03,
  bracketProbe: { durationS: 2, warmupS: 1 },
  refineProbe: { durationS: 8, warmupS: 2 },
  maxProbes: 30,
};

export type SearchPhase = 'bracket' | 'refine';

export type DoneReason =
  /** The bracket is within the tolerance. */
  | 'converged'
  /** Within the SLO at maxRps: the capacity is at least that. */
  | 'max-rps'
  /** Over the SLO at minRps already. */
  | 'no-capacity'
  /** maxProbes spent before the bracket closed. */
  | 'max-probes';

export type SearchStep =
  | ({ kind: 'probe'; rateRps: number; phase: SearchPhase } & ProbeLength)
  | {
      kind: 'done';
      /** The highest rate measured within the SLO below the lowest one over it (0: none). */
      capacityRps: number;
      /** The lowest rate measured over the SLO (Infinity: none). */
      failRps: number;
      reason: DoneReason;
    };

/** Rates are probed at 3 significant digits: resumed runs and logs see the same numbers. */
export function roundRate(rps: number): number {
  if (!(rps > 0)) return 0;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(rps)));
  return Number(rps.toFixed(Math.min(6, digits)));
}

/**
 * A probe this close to the SLO (a failing quantile at most this many SLOs, a passing one over the SLO
 * divided by it) is confirmed by a second one before it bounds the answer.
 */
export const MARGINAL = 2;

/** Per rate probed: how many probes met the SLO and how many missed it. */
function verdicts(points: readonly Measurement[], sloMs: number): Map<number, { within: number; over: number }> {
  const byRate = new Map<number, { within: number; over: number }>();
  for (const p of points) {
    const v = byRate.get(p.rateRps) ?? { within: 0, over: 0 };
    if (passes(p, sloMs)) v.within++;
    else v.over++;
    byRate.set(p.rateRps, v);
  }
  return byRate;
}

/** What the measurements say of the capacity so far. */
export interface Bracket {
  /** The highest rate within the SLO (by the majority of its probes) below failRps; 0: none. */
  passRps: number;
  /** The lowest rate over the SLO by the majority of its probes; Infinity: none. */
  failRps: number;
  /** Probes at failRps and at passRps. */
  failProbes: number;
  passProbes: number;
  /** The lowest rate between the two whose probes are split evenly: it needs another probe. */
  tiedRps?: number;
}

/**
 * The bracket the measurements give. A rate probed more than once goes by the majority; a tie decides
 * nothing (counting it either way would bias the answer toward that side). A pass above a fail is
 * noise: the bracket is below the lowest fail.
 */
export function bracketOf(points: readonly Measurement[], sloMs: number): Bracket {
  let failRps = Infinity;
  let failProbes = 0;
  const byRate = verdicts(points, sloMs);
  for (const [rate, v] of byRate) {
    if (v.over > v.within && rate < failRps) {
      failRps = rate;
      failProbes = v.over + v.within;
    }
  }
  let passRps = 0;
  let passProbes = 0;
  for (const [rate, v] of byRate) {
    if (v.within > v.over && rate < failRps && rate > passRps) {
      passRps = rate;
      passProbes = v.over + v.within;
    }
  }
  let tiedRps: number | undefined;
  for (const [rate, v] of byRate) if (v.within === v.over && rate > passRps && rate < failRps && rate < (tiedRps ?? Infinity)) tiedRps = rate;
  return { passRps, failRps, failProbes, passProbes, ...(tiedRps !== undefined ? { tiedRps } : {}) };
}

/**
 * The capacity search as a state machine: from what was measured so far (in any order, resumed runs
 * included) to the next probe or the answer. Pure. The rate grows by `growth` from startRps until a
 * probe misses the SLO (or shrinks until one meets it), then bisects the bracket with long probes
 * until it is within the tolerance. The rates that bound the answer are confirmed alike: the lowest
 * failing one and the highest passing one, each when its one probe is near the SLO, get a second
 * probe, and a split rate a third. The answer is the highest rate measured within the SLO (below the
 * lowest one over it), as the InfAdapter paper defines capacity.
 */
export function nextStep(s: SearchSettings, points: readonly Measurement[]): SearchStep {
  const { passRps, failRps, failProbes, passProbes, tiedRps } = bracketOf(points, s.sloMs);
  const done = (capacityRps: number, reason: DoneReason): SearchStep => ({ kind: 'done', capacityRps, failRps, reason });
  const probe = (rate: number, phase: SearchPhase): SearchStep => ({
    kind: 'probe',
    rateRps: roundRate(rate),
    phase,
    ...(phase === 'bracket' ? s.bracketProbe : s.refineProbe),
  });

  const settled = tiedRps === undefined;
  if (settled && failRps === Infinity && passRps >= s.maxRps) return done(s.maxRps, 'max-rps');
  if (settled && passRps === 0 && failRps <= s.minRps) return done(0, 'no-capacity');
  if (points.length >= s.maxProbes) return done(passRps, 'max-probes');
  if (!settled) return probe(tiedRps, 'refine');
  if (failRps === Infinity) return probe(points.length === 0 ? Math.min(s.startRps, s.maxRps) : Math.min(s.maxRps, passRps * s.growth), 'bracket');
  if (passRps === 0) return probe(Math.max(s.minRps, failRps / s.growth), 'bracket');
  // One probe a little over the SLO could be a stall of the machine rather than the server's limit,
  // and it would cap the answer for good: such a lowest failing rate is probed again before it
  // counts. Far over it (failures, or over twice the SLO) the server is plainly overloaded.
  const lone = failProbes === 1 ? points.find((p) => p.rateRps === failRps) : undefined;
  if (lone && lone.quantileMs <= MARGINAL * s.sloMs) return probe(failRps, 'refine');
  // The answer itself is confirmed the same way: a lucky probe just under the SLO would otherwise
  // raise it, and with the failing side confirmed and not this one, noise would bias it upward.
  const answer = passProbes === 1 ? points.find((p) => p.rateRps === passRps) : undefined;
  const confirmed = !(answer && answer.quantileMs > s.sloMs / MARGINAL);
  const converged = (): SearchStep => (confirmed ? done(passRps, 'converged') : probe(passRps, 'refine'));
  if (failRps - passRps <= s.tolerance * failRps) return converged();
  const mid = roundRate((passRps + failRps) / 2);
  // Rounding may land on a bound of a narrow bracket: then it is as narrow as the rates can say.
  if (mid <= passRps || mid >= failRps) return converged();
  return probe(mid, 'refine');
}

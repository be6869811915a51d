import type { IpaMode, IpaStageChoice, SolveOptions } from '@infscale/solver';
import type { ResolvedIpaPipeline } from './ipa-pipeline';
import { solveIpaAt, type IpaObjective, type IpaProblemTuning, type IpaSolveOutcome } from './ipa-solve';
import { expectedAccuracy, reshare } from './ipa-split';

/** What the improved method decided, and the budget it held to. */
export type ImprovedOutcome = IpaSolveOutcome & { budgetCores?: number; cheapestCores?: number; allowedCores?: number };

/** Ties between equally accurate choices go to fewer cores: far below any accuracy difference, above γ·batch. */
const TIE_BREAK_BETA = 1e-5;

export interface ImprovedSettings {
  headroom: number;
  mixing: boolean;
  /** Keep what runs unless the best choice's PAS (a fraction) is higher by more than this. */
  switchGain: number;
  /**
   * A regular decision keeps what runs, as it is, while it carries the sized load within this fraction (the queues
   * absorb the rest until the next decision, and the upscale check acts past its own tolerance between them): a
   * switch for a few percent of capacity costs two model loads when the load is back a decision later. 0: off.
   */
  keepTolerance?: number;
  /** The stage queues' max wait, ms (a split's small share fills its batch slowly). */
  maxWaitMs: number;
  /**
   * Saved cores the budget may add: `upgrade` for a choice costlier than what runs (saved cores that
   * last a while, so an upgrade is not undone at the next decision), `hold` to keep what runs.
   */
  credit?: { upgradeCores: number; holdCores: number };
}

/** What runs now, as the last decision left it. */
export interface RunningChoice {
  stages: readonly IpaStageChoice[];
  cores: number;
}

const pasOf = (p: ResolvedIpaPipeline, chosen: readonly IpaStageChoice[]): number => chosen.reduce((a, c) => a * expectedAccuracy(p, c), 1);

/**
 * The improved method. Its allowance is (1 + headroom) × the cores of the cheapest configuration that
 * keeps up with `anchorRps` (the forecast peak with its margin: what the paper's cheapest baseline
 * would run for the load itself), plus saved cores, and never less than the cheapest configuration
 * that carries `sizedRps`. Within it, the most accurate choice (splits allowed) that carries
 * `sizedRps` (what the queues must carry, backlog and bursts included). What runs is kept, with new
 * shares, or else its variants with new replicas, unless the best choice is better by more than
 * switchGain: every new pod holds its cores for a model load beside the ones it replaces.
 */
export function solveIpaImproved(
  p: ResolvedIpaPipeline,
  objective: Pick<IpaObjective, 'accuracy' | 'values' | 'rankFloor'>,
  anchorRps: number,
  sizedRps: number,
  settings: ImprovedSettings,
  options: SolveOptions,
  running?: RunningChoice,
): ImprovedOutcome {
  const mode: IpaMode = { kind: 'ipa' };
  const cheapest = solveIpaAt(p, mode, objective, sizedRps, options, { alpha: 0 });
  if (cheapest.kind === 'fail') return cheapest;
  const anchor = solveIpaAt(p, mode, objective, anchorRps, options, { alpha: 0 });
  const cheapestCores = anchor.kind === 'ok' ? anchor.result.decision.cores : cheapest.result.decision.cores;
  const least = cheapest.result.decision.cores;
  // What keeping up needs is always allowed (a burst, a backlog), as the cheapest baseline would spend it.
  const allowedCores = Math.max(cheapestCores * (1 + settings.headroom), least);
  const budgetCores = Math.max(allowedCores + (settings.credit?.upgradeCores ?? 0), least);
  const loadRps = cheapest.solvedRps;
  const tuning = (maxCores: number): IpaProblemTuning => ({
    alpha: 1,
    beta: TIE_BREAK_BETA,
    maxCores,
    ...(settings.mixing ? { mixing: { maxWaitMs: settings.maxWaitMs } } : {}),
  });
  const best = solveIpaAt(p, mode, objective, loadRps, options, tuning(budgetCores));
  const out = { budgetCores, cheapestCores, allowedCores };
  if (best.kind !== 'ok') return { ...cheapest, ...out };
  if (!running) return { ...best, ...out };
  // Keeping what runs may spend saved cores faster than an upgrade: up to what it runs now.
  const holdCores = Math.max(budgetCores, Math.min(allowedCores + (settings.credit?.holdCores ?? 0), running.cores));
  const bestPas = pasOf(p, best.result.decision.stages);
  const notWorse = (pas: number): boolean => pas >= bestPas - settings.switchGain;
  const why = `switching would reach ${(100 * bestPas).toFixed(2)} %, ${(100 * settings.switchGain).toFixed(2)} points or less more`;
  const again = reshare(p, running.stages, loadRps, settings.maxWaitMs);
  if (again) {
    const cores = again.reduce((a, c) => a + c.cores, 0);
    if (cores <= holdCores && notWorse(pasOf(p, again))) {
      const decision = { stages: again, accuracy: pasOf(p, again), cores, latencyMs: again.reduce((a, c) => a + c.latencyMs, 0) };
      return {
        kind: 'ok',
        result: { ...best.result, decision, objective: decision.accuracy - TIE_BREAK_BETA * cores },
        solvedRps: loadRps,
        ...out,
        note: `keeping the running deployments with new shares (${why})`,
      };
    }
  }
  // The same program over the variants that run now: their replicas change, no variant is switched.
  const same = {
    ...p,
    stages: p.stages.map((s, i) => ({ ...s, variants: s.variants.filter((v) => running.stages[i]?.parts.some((x) => x.variant === v.name)) })),
  };
  const runsAll = same.stages.every((s) => s.variants.length > 0);
  if (runsAll) {
    const kept = solveIpaAt(same, mode, objective, loadRps, options, tuning(holdCores));
    if (kept.kind === 'ok' && notWorse(pasOf(p, kept.result.decision.stages)))
      return { ...kept, ...out, note: joinNotes(kept.note, `keeping the running variants (${why})`) };
  }
  const tolerance = settings.keepTolerance ?? 0;
  if (tolerance > 0 && runsAll) {
    // Within the tolerance: the running variants with no fewer cores than run now (new batches allowed), never a shrink.
    const near = solveIpaAt(same, mode, objective, loadRps / (1 + tolerance), options, tuning(holdCores));
    if (near.kind === 'ok' && near.result.decision.cores >= running.cores && notWorse(pasOf(p, near.result.decision.stages))) {
      const short = `they carry up to ${(100 * (1 - 1 / (1 + tolerance))).toFixed(0)} % less than the ${loadRps.toFixed(1)} req/s sized for (keepTolerance)`;
      return { ...near, solvedRps: loadRps, ...out, note: joinNotes(near.note, `keeping the running variants: ${short}; ${why}`) };
    }
  }
  return { ...best, ...out };
}

function joinNotes(a: string | undefined, b: string): string {
  return a ? `${a}; ${b}` : b;
}

import { pasUpperBound, pasUpperBoundWholeReplicas, type BoundPipeline, type PasBound, type PasBoundInput } from '@infscale/solver';
import type { ComparisonRow } from '../scenario';
import { fmt, verdict } from '../format';

/** The targets: PAS ≥ 1.25 × FA2-low's at ≤ 1.10 × its mean cores, SLA violations ≤ 1 %. */
export const IPA_PAS_RATIO = 1.25;
export const IPA_COST_RATIO = 1.1;
export const IPA_MAX_VIOLATION_PCT = 1;

export interface IpaTargetInput {
  rows: readonly ComparisonRow[];
  /** The arrivals every system was run on. */
  arrivals: readonly number[];
  /** The pipeline as the comparison runs it: accuracies as fractions, batches within the cap. */
  pipeline: BoundPipeline;
  /** The same pipeline with every profiled batch, to show what the cap costs. */
  uncapped: BoundPipeline;
}

/** The highest PAS (fraction) a bound allows within `budget` mean cores, or undefined if none keeps up. */
function boundPas(bound: (input: PasBoundInput) => PasBound, arrivals: readonly number[], pipeline: BoundPipeline, budget: number): number | undefined {
  // The SLA target lets 1 % of the requests be late or dropped: those go free in the bound.
  const b = bound({ arrivals, pipeline, budgetMeanCores: budget, freeShare: IPA_MAX_VIOLATION_PCT / 100 });
  return b.feasible ? b.pas : undefined;
}

/**
 * The targets stated from the table's rows (accuracy is PAS in percent there), and whether a scaler
 * could meet the PAS and cost targets at once: each bound's PAS at 1.10 × FA2-low's measured mean
 * cores, the fractional-replica one for any scaler, the whole-replica one for those that set whole
 * replicas once per interval. The verdict names the bound it rests on.
 */
export function ipaTargetLines(input: IpaTargetInput): string[] {
  const ipa = input.rows.find((r) => r.system === 'IPA');
  const low = input.rows.find((r) => r.system === 'FA2-low');
  if (!ipa || !low) return ['(IPA or FA2-low not run: no targets)'];
  const pasRatio = ipa.accuracy / low.accuracy;
  const costRatio = ipa.meanCores / low.meanCores;
  const lines = [
    `PAS: IPA ${fmt(ipa.accuracy)} % vs FA2-low ${fmt(low.accuracy)} % → ratio ${fmt(pasRatio)} (target ≥ ${IPA_PAS_RATIO}): ${verdict(pasRatio >= IPA_PAS_RATIO)}`,
    `mean cores: IPA ${fmt(ipa.meanCores)} vs FA2-low ${fmt(low.meanCores)} → ratio ${fmt(costRatio)} (target ≤ ${IPA_COST_RATIO.toFixed(2)}): ${verdict(costRatio <= IPA_COST_RATIO)}`,
    `SLA violations: IPA ${fmt(ipa.sloViolationPct)} % (target ≤ ${IPA_MAX_VIOLATION_PCT} %): ${verdict(ipa.sloViolationPct <= IPA_MAX_VIOLATION_PCT)}`,
  ];
  const budget = IPA_COST_RATIO * low.meanCores;
  const ratio = (pas: number | undefined): number => (pas === undefined ? NaN : (100 * pas) / low.accuracy);
  const show = (pas: number | undefined): string => (pas === undefined ? 'none keeps up' : `PAS ≤ ${fmt(100 * pas)} % → ${fmt(ratio(pas))} × FA2-low`);
  // Each bound with the batch cap as run, and with every profiled batch to show what the cap costs.
  const both = (bound: (input: PasBoundInput) => PasBound): { capped: number | undefined; free: number | undefined; text: string } => {
    const capped = boundPas(bound, input.arrivals, input.pipeline, budget);
    const free = boundPas(bound, input.arrivals, input.uncapped, budget);
    return { capped, free, text: `${show(capped)} (batches within the cap, as run); ${show(free)} (any profiled batch)` };
  };
  const fractional = both(pasUpperBound);
  const whole = both(pasUpperBoundWholeReplicas);
  lines.push(
    `PAS bound at ${IPA_COST_RATIO.toFixed(2)} × FA2-low's mean cores (${fmt(budget)}), 1 % of requests free, fractional replicas at each 10 s mean rate and the best batch: ${fractional.text}`,
    `whole replicas per 10 s interval (same budget and free share; binds a scaler that sets them once per interval, as the paper's loop does, not one that also resizes between decisions): ${whole.text}`,
  );
  const infeasible = (b: typeof whole, who: string): string | undefined => {
    const capOnly = ratio(b.free) >= IPA_PAS_RATIO ? ` (only the batch cap rules it out: ${fmt(ratio(b.free))} with any profiled batch)` : '';
    if (b.capped === undefined) return `PAS and cost targets jointly infeasible for ${who}: no configuration keeps up within ${fmt(budget)} mean cores${capOnly}`;
    if (ratio(b.capped) < IPA_PAS_RATIO) return `PAS and cost targets jointly infeasible for ${who}: bound ratio ${fmt(ratio(b.capped))} < ${IPA_PAS_RATIO}${capOnly}`;
    return undefined;
  };
  lines.push(
    infeasible(fractional, 'any scaler (fractional bound)') ??
      infeasible(whole, 'any scaler that sets whole replicas once per interval (whole-replica bound)') ??
      `PAS and cost targets feasible in principle: whole-replica bound ratio ${fmt(ratio(whole.capped))} ≥ ${IPA_PAS_RATIO} (fractional ${fmt(ratio(fractional.capped))})`,
  );
  return lines;
}

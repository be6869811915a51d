import { pasUpperBound, type BoundPipeline } from '@infscale/solver';
import type { ComparisonRow } from '../scenario';
import { fmt, verdict } from './infadapter-targets';

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

/** The highest PAS (fraction) any system can reach within `budget` mean cores, or undefined if none keeps up. */
function boundPas(arrivals: readonly number[], pipeline: BoundPipeline, budget: number): number | undefined {
  // The SLA target lets 1 % of the requests be late or dropped: those go free in the bound.
  const b = pasUpperBound({ arrivals, pipeline, budgetMeanCores: budget, freeShare: IPA_MAX_VIOLATION_PCT / 100 });
  return b.feasible ? b.pas : undefined;
}

/**
 * The targets stated from the table's rows (accuracy is PAS in percent there), and whether any scaler
 * could meet the PAS and cost targets at once: the bound's PAS at 1.10 × FA2-low's measured mean cores.
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
  const capped = boundPas(input.arrivals, input.pipeline, budget);
  const free = boundPas(input.arrivals, input.uncapped, budget);
  const ratio = (pas: number | undefined): number => (pas === undefined ? NaN : (100 * pas) / low.accuracy);
  const show = (pas: number | undefined): string => (pas === undefined ? 'none keeps up' : `PAS ≤ ${fmt(100 * pas)} % → ${fmt(ratio(pas))} × FA2-low`);
  lines.push(
    `PAS bound at ${IPA_COST_RATIO.toFixed(2)} × FA2-low's mean cores (${fmt(budget)}), 1 % of requests free, fractional replicas at each 10 s mean rate and the best batch: ` +
      `${show(capped)} (batches within the cap, as run); ${show(free)} (any profiled batch)`,
  );
  const best = ratio(capped);
  const capOnly = ratio(free) >= IPA_PAS_RATIO ? ` (only the batch cap rules it out: ${fmt(ratio(free))} with any profiled batch)` : '';
  if (capped === undefined) lines.push(`PAS and cost targets jointly infeasible for any scaler: no configuration keeps up within ${fmt(budget)} mean cores${capOnly}`);
  else if (best < IPA_PAS_RATIO) lines.push(`PAS and cost targets jointly infeasible for any scaler: bound ratio ${fmt(best)} < ${IPA_PAS_RATIO}${capOnly}`);
  else lines.push(`PAS and cost targets feasible in principle: bound ratio ${fmt(best)} ≥ ${IPA_PAS_RATIO}`);
  return lines;
}

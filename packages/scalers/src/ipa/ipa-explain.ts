import type { IpaStageChoice } from '@infscale/solver';
import { UPSCALE_WINDOW_SECONDS, type UpscaleVerdict } from '../upscale-check';
import { FLOOR_SECONDS, type IpaLambda } from './ipa-lambda';
import type { ResolvedIpaPipeline } from './ipa-pipeline';
import type { IpaSolveOutcome } from './ipa-solve';

/** One applied choice and how it was reached: what the reason and the details tell. */
export interface IpaChoice {
  /** The forecast's peak (or the history's max without a forecaster), req/s, and how it was made. */
  predicted: number;
  method: string;
  /** Requests waiting in the stage queues. */
  backlog: number;
  lambda: IpaLambda;
  outcome: Extract<IpaSolveOutcome, { kind: 'ok' }>;
  /** Pipeline accuracy (the product over stages) of the chosen variants. */
  pas: number;
}

/** The numbers of one applied decision, for the decision record, metrics and dashboards. */
export function ipaDetails({ predicted, method, backlog, lambda: l, outcome, pas }: IpaChoice): Record<string, number | string> {
  const { result } = outcome;
  const details: Record<string, number | string> = {
    predictedRps: round(predicted),
    recentMaxRps: l.recentMax,
    queued: backlog,
    lambdaRps: round(l.lambda),
    solvedRps: round(outcome.solvedRps),
    forecastMethod: method,
    objective: result.objective,
    solveMs: round(result.solveMs),
    expectedAccuracy: round(pas),
    costCores: result.decision.cores,
    latencyMs: round(result.decision.latencyMs),
  };
  for (const c of result.decision.stages) {
    details[`${c.stage}.variant`] = c.variant;
    details[`${c.stage}.batch`] = c.batch;
    details[`${c.stage}.replicas`] = c.replicas;
  }
  return details;
}

/** The decision's reason, for people: how λ was reached, what was chosen, what it costs and what changed. */
export function ipaReason(label: string, check: UpscaleVerdict, choice: IpaChoice, pipeline: ResolvedIpaPipeline, changed: readonly string[]): string {
  const { predicted, method, backlog, lambda: l, outcome, pas } = choice;
  const decision = outcome.result.decision;
  const lambdaSteps =
    `${check.kind === 'burst' ? 'deciding now:' : `${label}:`} predicted peak ${predicted.toFixed(1)} req/s by ${method}` +
    (l.planned > predicted ? `, raised to the last ${l.planned > l.floored ? `${UPSCALE_WINDOW_SECONDS} s max ${l.planned}` : `${FLOOR_SECONDS} s max ${l.recentMax}`}` : '') +
    (pipeline.marginPct ? `, +${pipeline.marginPct} % margin` : '') +
    (l.factor > 1 && l.jump > 0 ? `, +${((l.factor - 1) * l.jump).toFixed(1)} as the burst's jump goes on` : '') +
    (backlog > 0 ? `, +${backlog} queued to drain in ${l.drainS.toFixed(1)} s` : '') +
    (l.held !== undefined && l.held >= l.lambda ? `, kept at the last burst's λ ${l.held.toFixed(1)} for one interval` : '') +
    ` → λ ${l.lambda.toFixed(1)} req/s`;
  return [
    ...(check.kind === 'burst' ? [`${label}: ${check.reason}`] : []),
    lambdaSteps,
    decision.stages.map((c) => `${c.stage} ${c.variant} ×${c.replicas} (batch ${c.batch})`).join(', '),
    `expected accuracy ${(pas * 100).toFixed(2)} %, ${decision.cores} cores, ${(decision.latencyMs / 1000).toFixed(2)} s of the ${(pipeline.slaMs / 1000).toFixed(2)} s SLA`,
    ...changed,
    ...(outcome.note ? [outcome.note] : []),
  ].join('; ');
}

/** Plain words for what changed since the last applied choice. */
export function changesSince(last: { stages: IpaStageChoice[] } | undefined, chosen: readonly IpaStageChoice[]): string[] {
  if (!last) return ['first decision'];
  const out: string[] = [];
  chosen.forEach((c, i) => {
    const before = last.stages[i];
    if (!before) return;
    if (before.variant !== c.variant) out.push(`${c.stage}: switching ${before.variant} → ${c.variant} (make-before-break)`);
    else if (before.replicas !== c.replicas) out.push(`${c.stage}: ${before.replicas} → ${c.replicas} replicas`);
    if (before.batch !== c.batch) out.push(`${c.stage}: batch ${before.batch} → ${c.batch}`);
  });
  return out;
}

function round(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}

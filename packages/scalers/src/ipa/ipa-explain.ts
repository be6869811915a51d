import type { IpaStageChoice } from '@infscale/solver';
import { UPSCALE_WINDOW_SECONDS, type UpscaleVerdict } from '../upscale-check';
import { FLOOR_SECONDS, type IpaLambda } from './ipa-lambda';
import type { ResolvedIpaPipeline } from './ipa-pipeline';
import type { ImprovedOutcome } from './ipa-improved';
import { totalCores } from './ipa-improved-sizing';

/** One applied choice and how it was reached: what the reason and the details tell. */
export interface IpaChoice {
  /** The forecast's peak (or the history's max without a forecaster), req/s, and how it was made. */
  predicted: number;
  method: string;
  /** Requests waiting in the stage queues. */
  backlog: number;
  /** improved, in a burst: the part of the backlog new replicas would still find (burst-backlog.ts), when less than all. */
  backlogLeft?: number;
  lambda: IpaLambda;
  outcome: Extract<ImprovedOutcome, { kind: 'ok' }>;
  /** Pipeline accuracy (the product over stages) of the chosen variants, a split stage by its shares. */
  pas: number;
  /** The improved method: the load it sized for, the queues' share of the SLA (s) and its core headroom. */
  improved?: { sizedRps: number; slackS: number; headroom: number };
}

/** The numbers of one applied decision, for the decision record, metrics and dashboards. */
export function ipaDetails({ predicted, method, backlog, lambda: l, outcome, pas, improved }: IpaChoice): Record<string, number | string> {
  const { result } = outcome;
  const chosen = result.decision.stages;
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
    costCores: totalCores(chosen),
    latencyMs: round(chosen.reduce((a, c) => a + c.latencyMs, 0)),
  };
  for (const c of chosen) {
    details[`${c.stage}.variant`] = c.variant;
    details[`${c.stage}.batch`] = c.batch;
    details[`${c.stage}.replicas`] = c.replicas;
    if (c.parts.length > 1)
      details[`${c.stage}.split`] = c.parts.map((x) => `${x.variant} ×${x.replicas} b${x.batch} ${(100 * x.share).toFixed(1)} %`).join(' + ');
  }
  if (improved) {
    details.sizedRps = round(improved.sizedRps);
    if (outcome.budgetCores !== undefined) details.budgetCores = round(outcome.budgetCores);
  }
  return details;
}

/** The decision's reason, for people: how λ was reached, what was chosen, what it costs and what changed. */
export function ipaReason(label: string, check: UpscaleVerdict, choice: IpaChoice, pipeline: ResolvedIpaPipeline, changed: readonly string[]): string {
  const { predicted, method, backlog, backlogLeft, lambda: l, outcome, pas, improved } = choice;
  const chosen = outcome.result.decision.stages;
  const latencyMs = chosen.reduce((a, c) => a + c.latencyMs, 0);
  const lambdaSteps =
    `${check.kind === 'burst' ? 'deciding now:' : `${label}:`} predicted peak ${predicted.toFixed(1)} req/s by ${method}` +
    (l.planned > predicted
      ? `, raised to the last ${l.planned > l.floored ? `${UPSCALE_WINDOW_SECONDS} s max ${l.planned}` : `${FLOOR_SECONDS} s max ${l.recentMax}`}`
      : '') +
    (pipeline.marginPct ? `, +${pipeline.marginPct} % margin` : '') +
    (l.factor > 1 && l.jump > 0 ? `, +${((l.factor - 1) * l.jump).toFixed(1)} as the burst's jump goes on` : '') +
    (backlogLeft !== undefined
      ? `, +${backlogLeft.toFixed(1)} of the ${backlog} queued (the rest drained by the current configuration before new replicas serve) to drain in ${l.drainS.toFixed(1)} s`
      : backlog > 0
        ? `, +${backlog} queued to drain in ${l.drainS.toFixed(1)} s`
        : '') +
    (l.held !== undefined && l.held >= l.lambda ? `, kept at the last burst's λ ${l.held.toFixed(1)} for one interval` : '') +
    ` → λ ${l.lambda.toFixed(1)} req/s`;
  return [
    ...(check.kind === 'burst' ? [`${label}: ${check.reason}`] : []),
    lambdaSteps,
    ...(improved && improved.sizedRps < l.lambda
      ? [`sized for ${improved.sizedRps.toFixed(1)} req/s, what the queues must carry within ${improved.slackS.toFixed(1)} s`]
      : []),
    chosen
      .map(
        (c) =>
          `${c.stage} ${c.parts.map((x) => `${x.variant} ×${x.replicas} (batch ${x.batch}${c.parts.length > 1 ? `, ${(100 * x.share).toFixed(1)} %` : ''})`).join(' + ')}`,
      )
      .join(', '),
    ...(improved && outcome.budgetCores !== undefined
      ? [`budget ${outcome.budgetCores.toFixed(1)} cores (${(1 + improved.headroom).toFixed(2)} × the cheapest's ${outcome.cheapestCores})`]
      : []),
    `expected accuracy ${(pas * 100).toFixed(2)} %, ${totalCores(chosen)} cores, ${(latencyMs / 1000).toFixed(2)} s of the ${(pipeline.slaMs / 1000).toFixed(2)} s SLA`,
    ...changed,
    ...(outcome.note ? [outcome.note] : []),
  ].join('; ');
}

/** Plain words for what changed since the last applied choice (a split stage part by part). */
export function changesSince(last: { stages: IpaStageChoice[] } | undefined, chosen: readonly IpaStageChoice[]): string[] {
  if (!last) return ['first decision'];
  const out: string[] = [];
  chosen.forEach((c, i) => {
    const before = last.stages[i];
    if (!before) return;
    // One variant for another: the paper's switch.
    if (before.parts.length === 1 && c.parts.length === 1 && before.variant !== c.variant)
      out.push(`${c.stage}: switching ${before.variant} → ${c.variant} (make-before-break)`);
    else {
      for (const part of c.parts) {
        const was = before.parts.find((x) => x.variant === part.variant);
        if (!was) out.push(`${c.stage}: adding ${part.variant} ×${part.replicas} (make-before-break)`);
        else if (was.replicas !== part.replicas)
          out.push(`${c.stage}: ${c.parts.length > 1 ? `${part.variant} ` : ''}${was.replicas} → ${part.replicas} replicas`);
      }
      for (const was of before.parts) if (!c.parts.some((x) => x.variant === was.variant)) out.push(`${c.stage}: removing ${was.variant}`);
    }
    for (const part of c.parts) {
      const was = before.parts.find((x) => x.variant === part.variant) ?? (before.parts.length === 1 && c.parts.length === 1 ? before.parts[0] : undefined);
      if (was && was.batch !== part.batch) out.push(`${c.stage}: ${c.parts.length > 1 ? `${part.variant} ` : ''}batch ${was.batch} → ${part.batch}`);
    }
  });
  return out;
}

function round(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}

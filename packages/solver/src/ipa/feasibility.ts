import type { IpaProblem } from './problem';
import type { IpaOption } from './options';

/**
 * Exact feasibility: every stage has an option and the fastest options together meet the SLA (the
 * only coupling constraint is the latency sum). Returns a reason a person can act on, or undefined.
 */
export function ipaInfeasibility(p: IpaProblem, options: readonly IpaOption[][]): string | undefined {
  for (const [s, opts] of options.entries()) {
    if (opts.length > 0) continue;
    const stage = p.stages[s]!.name;
    if (p.mode.kind === 'rim')
      return `stage ${stage}: ${p.mode.replicas[s]} replicas cannot carry ${p.loadRps} req/s with any variant and batch ≤ ${p.maxBatch}; add replicas`;
    if (p.mode.kind === 'fa2')
      return `stage ${stage}: ${p.mode.variants[s]} cannot carry ${p.loadRps} req/s within ${p.scalingCap} replicas (batch ≤ ${p.maxBatch})`;
    return `stage ${stage}: no variant carries ${p.loadRps} req/s within ${p.scalingCap} replicas (batch ≤ ${p.maxBatch}); raise the scaling cap`;
  }
  const fastest = options.map((opts) => opts.reduce((a, b) => (b.latencyMs < a.latencyMs ? b : a)));
  const total = fastest.reduce((s, o) => s + o.latencyMs, 0);
  if (total > p.slaMs) {
    const parts = fastest.map((o, s) => `${p.stages[s]!.name}: ${o.variant} batch ${o.batch} ${o.latencyMs.toFixed(0)} ms`);
    return `the fastest choice per stage takes ${total.toFixed(0)} ms end to end (${parts.join('; ')}), over the SLA of ${p.slaMs.toFixed(0)} ms; raise the SLA`;
  }
  return undefined;
}

import type { IpaProblem, IpaStagePart, IpaVariantInput } from './problem';
import type { IpaOption } from './options';
import { queueingMs } from './queueing';

type Point = IpaVariantInput['points'][number];

/**
 * Splits of a stage's traffic between a more accurate variant `hi` and a less accurate one `lo`
 * (mode `ipa` with mixing, λ > 0): hi runs r whole replicas (1 ≤ r, r·h_hi < λ) and takes all they
 * carry, share r·h_hi/λ, because moving a request from lo to hi only raises the stage's accuracy; lo
 * carries the rest with the fewest replicas that do. Each part has its own batch, and its latency
 * counts the wait to fill that batch at its share of λ; the stage's latency is the slower part's.
 * So between two variants a stage's accuracy rises in steps of one hi replica instead of all or nothing.
 */
export function stageMixOptions(p: IpaProblem, s: number): IpaOption[] {
  if (!p.mixing || p.mode.kind !== 'ipa' || !(p.loadRps > 0)) return [];
  const maxWaitMs = p.mixing.maxWaitMs;
  const stage = p.stages[s]!;
  const points = stage.variants.flatMap((v) => v.points.filter((pt) => pt.batch <= p.maxBatch && pt.throughputRps > 0).map((pt) => ({ v, pt })));
  const out: IpaOption[] = [];
  const part = (v: IpaVariantInput, pt: Point, replicas: number, share: number): IpaStagePart => ({
    variant: v.name,
    batch: pt.batch,
    replicas,
    cores: replicas * v.baseCores,
    latencyMs: pt.latencyMs + queueingMs(pt.batch, share * p.loadRps, maxWaitMs),
    share,
  });
  for (const hi of points) {
    for (const lo of points) {
      if (!(hi.v.accuracy > lo.v.accuracy)) continue;
      for (let r = 1; r * hi.pt.throughputRps < p.loadRps && r <= p.scalingCap; r++) {
        const share = (r * hi.pt.throughputRps) / p.loadRps;
        const rest = p.loadRps - r * hi.pt.throughputRps;
        const loReplicas = Math.ceil(rest / lo.pt.throughputRps);
        if (loReplicas > p.scalingCap) continue;
        const parts = [part(hi.v, hi.pt, r, share), part(lo.v, lo.pt, loReplicas, 1 - share)];
        const latencyMs = Math.max(parts[0]!.latencyMs, parts[1]!.latencyMs);
        if (!Number.isFinite(latencyMs)) continue;
        const main = share >= 0.5 ? parts[0]! : parts[1]!;
        const cores = parts[0]!.cores + parts[1]!.cores;
        out.push({
          variant: main.variant,
          batch: main.batch,
          replicas: main.replicas,
          cores,
          latencyMs,
          accuracy: share * hi.v.accuracy + (1 - share) * lo.v.accuracy,
          cost: p.beta * cores + p.gamma * (share * hi.pt.batch + (1 - share) * lo.pt.batch),
          parts,
        });
      }
    }
  }
  return out;
}

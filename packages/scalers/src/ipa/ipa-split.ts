import type { DeploymentSpec, DesiredState } from '@infscale/core';
import type { IpaStageChoice } from '@infscale/solver';
import { ipaDeploymentFor, type ResolvedIpaPipeline } from './ipa-pipeline';

/** Routing weights of a split stage are shares per mille: the stage queue's round-robin frame. */
export const SHARE_FRAME = 1000;

type Choice = Pick<IpaStageChoice, 'stage' | 'parts'>;

/**
 * The stage's routing weights: 1 for a single variant; for a split, each part's share per mille,
 * rounded down but for the last part (the less accurate one), which takes the rest, so no part is
 * sent more than its replicas were sized for.
 */
export function splitWeights(stage: ResolvedIpaPipeline['stages'][number], parts: Choice['parts']): Record<string, number> {
  if (parts.length === 1) return { [ipaDeploymentFor(stage, parts[0]!.variant)]: 1 };
  const weights: Record<string, number> = {};
  let left = SHARE_FRAME;
  parts.forEach((part, i) => {
    const w = i === parts.length - 1 ? left : Math.min(left, Math.floor(part.share * SHARE_FRAME));
    weights[ipaDeploymentFor(stage, part.variant)] = w;
    left -= w;
  });
  return weights;
}

/** One deployment per stage and variant it runs; the stage's queue splits its traffic by the routing weights. */
export function splitDesiredState(p: ResolvedIpaPipeline, chosen: readonly Choice[]): DesiredState {
  const deployments: DeploymentSpec[] = [];
  const routing: DesiredState['routing'] = [];
  chosen.forEach((c, s) => {
    const stage = p.stages[s]!;
    for (const part of c.parts) {
      const variant = stage.variants.find((v) => v.name === part.variant)!;
      deployments.push({
        name: ipaDeploymentFor(stage, part.variant),
        variant: part.variant,
        stage: stage.name,
        replicas: part.replicas,
        cores: variant.baseCores,
        batch: part.batch,
      });
    }
    routing.push({ stage: stage.name, weights: splitWeights(stage, c.parts) });
  });
  return { deployments, routing };
}

/** The most req/s a choice carries with its shares: the first part to fill up, over every stage. */
export function splitCarriedRps(p: ResolvedIpaPipeline, chosen: readonly Choice[]): number {
  let min = Infinity;
  for (const c of chosen) {
    const stage = p.stages.find((s) => s.name === c.stage);
    for (const part of c.parts) {
      const point = stage?.variants.find((v) => v.name === part.variant)?.points.find((pt) => pt.batch === part.batch);
      min = Math.min(min, (part.replicas * (point?.throughputRps ?? 0)) / part.share);
    }
  }
  return Number.isFinite(min) ? min : 0;
}

/** A stage's expected accuracy (a fraction): its parts' accuracies weighted by their shares. */
export function expectedAccuracy(p: ResolvedIpaPipeline, c: Choice): number {
  const stage = p.stages.find((s) => s.name === c.stage)!;
  return c.parts.reduce((a, part) => a + part.share * stage.variants.find((v) => v.name === part.variant)!.accuracy, 0);
}

type Part = IpaStageChoice['parts'][number];

/**
 * The same deployments carrying `loadRps` with new shares: the more accurate parts first, each up to
 * what its replicas carry, the rest to the next; each part's latency with the wait to fill its batch
 * at its new share. Undefined when they cannot carry the load or miss the SLA together.
 */
export function reshare(p: ResolvedIpaPipeline, chosen: readonly Choice[], loadRps: number, maxWaitMs: number): IpaStageChoice[] | undefined {
  const out: IpaStageChoice[] = [];
  let latency = 0;
  for (const c of chosen) {
    const stage = p.stages.find((s) => s.name === c.stage);
    if (!stage) return undefined;
    const info = c.parts.map((part) => {
      const v = stage.variants.find((x) => x.name === part.variant);
      const pt = v?.points.find((x) => x.batch === part.batch);
      return { part, v, pt };
    });
    if (info.some((x) => !x.v || !x.pt)) return undefined;
    info.sort((a, b) => b.v!.accuracy - a.v!.accuracy);
    let left = loadRps;
    const parts: Part[] = [];
    for (const { part, v, pt } of info) {
      const carried = part.replicas * pt!.throughputRps;
      const share = loadRps > 0 ? Math.min(left, carried) / loadRps : parts.length === 0 ? 1 : 0;
      left -= Math.min(left, carried);
      if (share <= 0) continue;
      const wait = part.batch === 1 ? 0 : Math.min(maxWaitMs, loadRps > 0 ? ((part.batch - 1) / (share * loadRps)) * 1000 : Infinity);
      parts.push({ variant: v!.name, batch: part.batch, replicas: part.replicas, cores: part.replicas * v!.baseCores, latencyMs: pt!.latencyMs + wait, share });
    }
    if (left > 1e-9 || parts.length === 0) return undefined;
    const stageLatency = Math.max(...parts.map((x) => x.latencyMs));
    latency += stageLatency;
    const main = parts.reduce((a, b) => (b.share > a.share ? b : a));
    // A part left without a share is removed.
    const cores = parts.reduce((a, x) => a + x.cores, 0);
    out.push({ stage: c.stage, variant: main.variant, batch: main.batch, replicas: main.replicas, cores, latencyMs: stageLatency, parts });
  }
  return latency <= p.slaMs ? out : undefined;
}

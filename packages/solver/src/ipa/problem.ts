/** IPA's program: per stage of a chain, one variant and one batch size; replicas follow from λ. */

export interface IpaVariantInput {
  name: string;
  /** The value this variant contributes to A: a normalized rank (with floor) or a raw accuracy. */
  accuracy: number;
  /** Cores of one replica (the profile's base allocation). */
  baseCores: number;
  points: { batch: number; latencyMs: number; throughputRps: number }[];
}

export interface IpaStageInput {
  name: string;
  variants: IpaVariantInput[];
}

/** `ipa`: everything free; `fa2`: variant fixed per stage; `rim`: replicas fixed per stage. */
export type IpaMode = { kind: 'ipa' } | { kind: 'fa2'; variants: string[] } | { kind: 'rim'; replicas: number[] };

/**
 * The improved method's stage split: a stage may send its traffic to two variants by shares (its
 * central queue dispatches by weighted round-robin), each with its own batch and whole replicas.
 */
export interface IpaMixing {
  /**
   * Longest a request waits for its batch to fill (the stage queue's max wait), ms: caps the (b − 1)/λ
   * term, which a variant with a small share would otherwise make very long. Absent: no cap.
   */
  maxWaitMs?: number;
}

export interface IpaProblem {
  stages: IpaStageInput[];
  loadRps: number;
  slaMs: number;
  alpha: number;
  beta: number;
  gamma: number;
  maxBatch: number;
  scalingCap: number;
  /** A = Σ stage accuracy (`sum`) or Π stage accuracy (`product`, values must be ≥ 0). */
  accuracy: 'sum' | 'product';
  mode: IpaMode;
  /** Most cores of the whole choice (a budget); absent: no limit. */
  maxCores?: number;
  /** Present: a stage may split its traffic between two variants (mode `ipa` only). */
  mixing?: IpaMixing;
}

/** One variant serving a share of a stage's traffic. */
export interface IpaStagePart {
  variant: string;
  batch: number;
  replicas: number;
  /** replicas × base cores */
  cores: number;
  /** profiled latency + the wait to fill its batch at its share of λ, ms */
  latencyMs: number;
  /** Share of the stage's requests this variant gets, in (0, 1]; a stage's shares sum to 1. */
  share: number;
}

export interface IpaStageChoice {
  stage: string;
  /** The part with the largest share (the only one unless the stage is split). */
  variant: string;
  batch: number;
  replicas: number;
  /** Σ over parts of replicas × base cores */
  cores: number;
  /** profiled latency + (b − 1)/λ queueing, ms (the slowest part's, when split) */
  latencyMs: number;
  /** Every variant the stage runs, by share: one part of share 1 unless the stage is split. */
  parts: IpaStagePart[];
}

export interface IpaDecision {
  stages: IpaStageChoice[];
  accuracy: number;
  cores: number;
  latencyMs: number;
}

export function invalidIpa(p: IpaProblem): string | undefined {
  if (!(p.loadRps >= 0) || !Number.isFinite(p.loadRps)) return `load must be ≥ 0 req/s (got ${p.loadRps})`;
  if (!(p.slaMs > 0)) return `SLA must be > 0 ms (got ${p.slaMs})`;
  if (!(p.alpha >= 0 && p.beta >= 0 && p.gamma >= 0)) return `alpha, beta and gamma must be ≥ 0 (got ${p.alpha}, ${p.beta}, ${p.gamma})`;
  if (!Number.isInteger(p.maxBatch) || p.maxBatch < 1) return `max batch must be a whole number ≥ 1 (got ${p.maxBatch})`;
  if (!Number.isInteger(p.scalingCap) || p.scalingCap < 1) return `scaling cap must be a whole number ≥ 1 (got ${p.scalingCap})`;
  if (p.maxCores !== undefined && !(p.maxCores >= 0)) return `max cores must be ≥ 0 (got ${p.maxCores})`;
  if (p.mixing?.maxWaitMs !== undefined && !(p.mixing.maxWaitMs >= 0)) return `mixing.maxWaitMs must be ≥ 0 ms (got ${p.mixing.maxWaitMs})`;
  if (p.stages.length === 0) return 'the pipeline has no stages';
  for (const [s, stage] of p.stages.entries()) {
    if (stage.variants.length === 0) return `stage ${stage.name} has no variants`;
    for (const v of stage.variants) {
      if (p.accuracy === 'product' && !(v.accuracy >= 0)) return `product accuracy needs values ≥ 0; ${stage.name}/${v.name} has ${v.accuracy} (use ranks)`;
      if (!(v.baseCores > 0)) return `${stage.name}/${v.name}: base cores must be > 0`;
      for (const pt of v.points) {
        if (!(pt.latencyMs >= 0) || !(pt.throughputRps >= 0)) return `${stage.name}/${v.name} batch ${pt.batch}: latency and throughput must be ≥ 0`;
      }
    }
    if (p.mode.kind === 'fa2') {
      const want = p.mode.variants[s];
      if (want === undefined || p.mode.variants.length !== p.stages.length)
        return `fa2 needs one variant per stage (${p.stages.length}), got ${p.mode.variants.length}`;
      if (!stage.variants.some((v) => v.name === want))
        return `variant ${want} is not in stage ${stage.name} (known: ${stage.variants.map((v) => v.name).join(', ')})`;
    }
    if (p.mode.kind === 'rim') {
      const r = p.mode.replicas[s];
      if (p.mode.replicas.length !== p.stages.length) return `rim needs one replica count per stage (${p.stages.length}), got ${p.mode.replicas.length}`;
      if (r === undefined || !Number.isInteger(r) || r < 1) return `rim replicas for stage ${stage.name} must be a whole number ≥ 1 (got ${r})`;
    }
  }
  return undefined;
}

export interface PipelineRouterOptions {
  /** Stage names in the order a request passes them. */
  stages: readonly string[];
  /** A request older than this (ms since it entered the pipeline) is dropped. IPA: 5–20 s. */
  dropLimitMs: number;
}

/** Where a request goes next: a stage, out (finished), or nowhere (dropped, with the reason). */
export type RouteStep =
  | { kind: 'stage'; stage: string; index: number }
  | { kind: 'done'; latencyMs: number }
  | { kind: 'drop'; stage: string; index: number; ageMs: number; reason: string };

/**
 * IPA's router: passes a request through the stages in order and drops it once it is older than the
 * pipeline's drop limit. Stateless apart from its configuration, so the simulator and the HTTP router
 * ask it the same question at the same points: on entry and after each stage finishes.
 */
export class PipelineRouter {
  readonly stages: readonly string[];
  readonly dropLimitMs: number;

  constructor(options: PipelineRouterOptions) {
    if (options.stages.length === 0) throw new Error('a pipeline needs at least one stage');
    if (!(options.dropLimitMs > 0)) throw new Error(`dropLimitMs must be > 0, got ${options.dropLimitMs}`);
    this.stages = [...options.stages];
    this.dropLimitMs = options.dropLimitMs;
  }

  /**
   * The next step for a request that entered at entryMs and has finished `completedStages` stages.
   * A finished request is never dropped: the work is done, its lateness is the SLA's business.
   */
  route(entryMs: number, completedStages: number, nowMs: number): RouteStep {
    const ageMs = nowMs - entryMs;
    if (completedStages >= this.stages.length) return { kind: 'done', latencyMs: ageMs };
    const stage = this.stages[completedStages];
    if (ageMs > this.dropLimitMs) {
      return {
        kind: 'drop',
        stage,
        index: completedStages,
        ageMs,
        reason: `past the pipeline's drop limit: ${ageMs} ms since entry > ${this.dropLimitMs} ms, before stage "${stage}"`,
      };
    }
    return { kind: 'stage', stage, index: completedStages };
  }

  /** The time after which a request that entered at entryMs is dropped at its next stage boundary. */
  expiresAtMs(entryMs: number): number {
    return entryMs + this.dropLimitMs;
  }
}

import { parseConfig, type Scaler } from '@infscale/core';
import type { Now } from '@infscale/solver';
import type { IpaPipeline } from '@infscale/profiles';
import { tickPeriodMs } from '../upscale-check';
import { ipaModeFor } from './ipa-baselines';
import { IPA_UPSCALE_EVERY_MS, ipaConfigSchema, type IpaConfig } from './ipa-config';
import { decideIpa, HISTORY_SECONDS, type IpaState } from './ipa-decide';
import { ipaDeploymentFor, resolveIpaPipeline, type ResolvedIpaPipeline } from './ipa-pipeline';

export type { IpaState } from './ipa-decide';

export interface IpaScalerDeps {
  /** Times the solve (solveMs in the details); default a clock that always says 0, keeping decide() pure. */
  now?: Now;
  /** Where bundled profiles come from (tests); default @infscale/profiles. */
  loadPipeline?: (name: string) => IpaPipeline;
}

export interface IpaScaler extends Scaler<IpaState> {
  readonly config: IpaConfig;
  readonly pipeline: ResolvedIpaPipeline;
}

/**
 * IPA (and the paper's FA2-low, FA2-high and RIM as modes): every interval, λ = forecast × (1 + margin),
 * then the IPA program picks per stage a variant, batch and replicas (decideIpa). One deployment per
 * stage and variant, so a variant switch is a new deployment that planActions brings up before the old
 * one goes (make-before-break); replicas grow before traffic moves and shrink after.
 */
export function createIpaScaler(input: unknown, deps: IpaScalerDeps = {}): IpaScaler {
  const config = parseConfig(ipaConfigSchema, input, 'ipa scaler config');
  const pipeline = resolveIpaPipeline(config, deps.loadPipeline);
  const context = { label: config.mode, config, pipeline, mode: ipaModeFor(config, pipeline), now: deps.now };
  const first = pipeline.stages[0];
  return {
    name: context.label,
    config,
    pipeline,
    // With upscale checks the loop ticks at the check period; decide() keeps the regular interval itself.
    intervalMs: tickPeriodMs(config.upscaleCheck, config.interval, IPA_UPSCALE_EVERY_MS),
    decidesWhileWaiting: config.method === 'improved' && config.mode === 'ipa' && config.improved.decideWhileWaiting,
    observationRequest: (nowMs) => ({
      nowMs,
      historySeconds: HISTORY_SECONDS,
      deployments: [],
      // The pipeline's load is what enters its first stage, whichever variant runs there now.
      loadFrom: first.variants.map((v) => ipaDeploymentFor(first, v.name)),
      // The pipeline's backlog: what waits at any stage must still pass through the planned capacity
      // (only how many wait, not their budgets as Sponge's wantQueue).
      ...(config.drainBacklog ? { wantQueueLength: { stages: pipeline.stages.map((s) => s.name) } } : {}),
    }),
    initialState: () => ({}),
    decide: (input, state) => decideIpa(context, input, state),
  };
}

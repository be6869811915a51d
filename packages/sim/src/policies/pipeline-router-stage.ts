import { PipelineRouter, type RouteStep } from '@infscale/dataplane';
import type { StagePolicyFactory } from '../serving/stage-policy';

export interface PipelineRoutedOptions {
  /** Stage names in order (the simulator's stages). */
  stages: readonly string[];
  dropLimitMs: number;
  /** Sees every drop with the router's reason (tests, reports). */
  onDrop?: (step: Extract<RouteStep, { kind: 'drop' }>) => void;
}

/**
 * IPA's deployed PipelineRouter in front of each stage's policy: on entry to stage i the router is
 * asked route(entry, i, now), exactly where the HTTP router asks it, and a request past the drop
 * limit is dropped there. Run with SimConfig.dropLimitMs unset so the router alone decides drops.
 */
export function pipelineRouted(inner: StagePolicyFactory, options: PipelineRoutedOptions): StagePolicyFactory {
  const router = new PipelineRouter({ stages: options.stages, dropLimitMs: options.dropLimitMs });
  return (host) => {
    const index = router.stages.indexOf(host.stage);
    if (index < 0) throw new Error(`stage "${host.stage}" is not in the router's pipeline (${router.stages.join(', ')})`);
    const policy = inner(host);
    const arrive = policy.arrive.bind(policy);
    policy.arrive = (request: number) => {
      const step = router.route(host.arrivalMs(request), index, host.now());
      if (step.kind === 'drop') {
        options.onDrop?.(step);
        host.drop(request);
        return;
      }
      arrive(request);
    };
    return policy;
  };
}

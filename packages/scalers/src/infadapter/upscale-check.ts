import { tickPeriodMs, upscaleVerdict, type UpscaleVerdict } from '../upscale-check';
import { upscaleEveryMs, type InfAdapterConfig } from './infadapter-config';

/**
 * InfAdapter's check: the last seconds' peak with the forecast margin (whole req/s, as λ) against the
 * running capacity; `factor` replaces 1 + margin (the improved method's calibrated one).
 */
export function upscaleCheck(
  config: InfAdapterConfig,
  lastRegularMs: number | undefined,
  nowMs: number,
  history: readonly number[],
  capacityRps: number,
  factor = 1 + config.forecast.margin,
): UpscaleVerdict {
  return upscaleVerdict({
    settings: config.upscaleCheck,
    intervalMs: config.interval,
    defaultEveryMs: upscaleEveryMs(config),
    lastRegularMs,
    nowMs,
    history,
    capacityRps,
    needed: (rps) => Math.ceil(rps * factor - 1e-9),
  });
}

/** How often the loop ticks for InfAdapter: the check period (the method's, or `every`), or the interval without checks. */
export function infAdapterTickMs(config: InfAdapterConfig): number {
  return tickPeriodMs(config.upscaleCheck, config.interval, upscaleEveryMs(config));
}

import { INFADAPTER_UPSCALE_EVERY_MS, type InfAdapterConfig } from './infadapter-config';
import { upscalePeriodMs } from '../upscale-period';

/** An upscale check looks at this much recent history: short, so a step in the load shows at once. */
export const UPSCALE_WINDOW_SECONDS = 3;

export type UpscaleCheck = { kind: 'due' } | { kind: 'wait'; reason: string } | { kind: 'burst'; reason: string; neededRps: number };

/**
 * Between regular decisions: wait, unless the last few seconds' load with the forecast margin is over
 * the running capacity by more than the tolerance. Due when checks are off, nothing was decided yet,
 * or the interval has passed.
 */
export function upscaleCheck(config: InfAdapterConfig, lastRegularMs: number | undefined, nowMs: number, history: readonly number[], capacityRps: number): UpscaleCheck {
  const check = config.upscaleCheck;
  if (check === 'off' || lastRegularMs === undefined) return { kind: 'due' };
  // Half a check period of slack: a tick that lands a little early still counts as the regular one.
  if (nowMs - lastRegularMs >= config.interval - upscalePeriodMs(check.every, config.interval, INFADAPTER_UPSCALE_EVERY_MS) / 2) return { kind: 'due' };
  const recent = history.length > 0 ? Math.max(...history.slice(-UPSCALE_WINDOW_SECONDS)) : 0;
  const needed = Math.ceil(recent * (1 + config.forecast.margin) - 1e-9);
  const numbers = `last ${UPSCALE_WINDOW_SECONDS} s max ${recent} req/s needs ${needed}, running capacity ${capacityRps}`;
  if (needed > capacityRps * (1 + check.tolerance)) return { kind: 'burst', reason: `load over capacity between decisions (${numbers})`, neededRps: needed };
  return { kind: 'wait', reason: `between decisions (${numbers})` };
}

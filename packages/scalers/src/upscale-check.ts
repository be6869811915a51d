/** An upscale check looks at this much recent history: short, so a burst shows at once. */
export const UPSCALE_WINDOW_SECONDS = 3;

/** A scaler's upscale-check settings as configured: a period (else its default) and a tolerance. */
export type UpscaleSettings = 'off' | { every?: number; tolerance: number };

export type UpscaleVerdict = { kind: 'due' } | { kind: 'wait'; reason: string } | { kind: 'burst'; reason: string; recentRps: number; neededRps: number };

/**
 * How often the loop ticks: every interval without checks, else the check period as configured, or
 * the scaler's default but at most half the interval (a short interval set without thinking of the
 * check still works).
 */
export function tickPeriodMs(settings: UpscaleSettings, intervalMs: number, defaultEveryMs: number): number {
  if (settings === 'off') return intervalMs;
  return settings.every ?? Math.min(defaultEveryMs, intervalMs / 2);
}

export interface UpscaleInput {
  settings: UpscaleSettings;
  intervalMs: number;
  defaultEveryMs: number;
  /** When the last decision on the regular interval ran; undefined before the first. */
  lastRegularMs: number | undefined;
  nowMs: number;
  history: readonly number[];
  /** What runs now carries, req/s; undefined when not known yet (then the decision is due). */
  capacityRps: number | undefined;
  /** The load to plan for, from the recent peak (the scaler's margin, backlog…). */
  needed: (recentRps: number) => number;
  /** How the need was measured, when the reasons should say it (e.g. a rate with its noise discounted). */
  neededNote?: string;
}

/**
 * Between regular decisions: wait, unless the last few seconds' load as the scaler needs it is over
 * what runs by more than the tolerance (HPA's 10 %: a steady load's noise alone should not start
 * replicas). Due when checks are off, nothing was decided yet, or the interval has passed.
 */
export function upscaleVerdict(o: UpscaleInput): UpscaleVerdict {
  const s = o.settings;
  if (s === 'off' || o.lastRegularMs === undefined || o.capacityRps === undefined) return { kind: 'due' };
  // Half a check period of slack: a tick that lands a little early still counts as the regular one.
  if (o.nowMs - o.lastRegularMs >= o.intervalMs - tickPeriodMs(s, o.intervalMs, o.defaultEveryMs) / 2) return { kind: 'due' };
  const recent = o.history.length > 0 ? Math.max(...o.history.slice(-UPSCALE_WINDOW_SECONDS)) : 0;
  const needed = o.needed(recent);
  const numbers = `last ${UPSCALE_WINDOW_SECONDS} s max ${recent} req/s needs ${oneDecimal(needed)}${o.neededNote ? ` (${o.neededNote})` : ''}, running capacity ${oneDecimal(o.capacityRps)}`;
  if (needed > o.capacityRps * (1 + s.tolerance))
    return { kind: 'burst', reason: `load over capacity between decisions (${numbers})`, recentRps: recent, neededRps: needed };
  return { kind: 'wait', reason: `between decisions (${numbers})` };
}

const oneDecimal = (n: number): string => String(Math.round(n * 10) / 10);

/**
 * improved, opt-in (`improved.podReadySeconds` > 0): the part of a burst's backlog new replicas would still
 * find once they serve. New pods take `readyS` to start and load their model; meanwhile the current
 * configuration (what the last plan carries; pods of it still loading are up by then too) drains the queues by
 * its capacity over the arrivals. Planning new replicas to drain the rest within half the SLA (the default)
 * bought pods that came up to empty queues, and the core bank paid for them for minutes after (README,
 * "Beyond the papers"). Pure.
 */
export interface BurstBacklog {
  /** Requests still queued when new replicas could first serve (the whole backlog when the configuration falls behind). */
  remaining: number;
  /** Seconds the configuration takes to drain the whole backlog, when it carries more than the arrivals. */
  drainS?: number;
}

/**
 * `arrivalsRps` now, rising by `riseRpsPerS` (a surge goes on: 0 when it does not): over the `readyS`
 * the mean arrival rate is arrivalsRps + riseRpsPerS · readyS / 2.
 */
export function burstBacklog(backlog: number, runningRps: number, arrivalsRps: number, readyS: number, riseRpsPerS = 0): BurstBacklog {
  const spare = runningRps - arrivalsRps - (Math.max(0, riseRpsPerS) * readyS) / 2;
  if (!(spare > 0) || backlog <= 0) return { remaining: Math.max(0, backlog) };
  return { remaining: Math.max(0, backlog - spare * readyS), drainS: backlog / spare };
}

/** How fast the arrivals rose lately, req/s per s: the last 5 s's mean against the 5 s before. */
export function arrivalRise(history: readonly number[]): number {
  if (history.length < 10) return 0;
  const mean = (from: number, to: number) => history.slice(from, to).reduce((a, b) => a + b, 0) / (to - from);
  const n = history.length;
  return (mean(n - 5, n) - mean(n - 10, n - 5)) / 5;
}

/**
 * Consecutive upstream timeouts after which a proxy reports its upstream wedged. One timeout can be
 * one slow or oversized request and two a short stall (a GC pause, a CPU-throttled model pod); three
 * in a row with no answer between them means the upstream answers nothing, since a server that is
 * merely overloaded still answers some requests, and each answer resets the count. It costs three
 * timeouts to notice (3 s at --upstream-timeout-ms 1000, 90 s at the 30 s default).
 */
export const WEDGED_AFTER_TIMEOUTS = 3;

/**
 * Whether a proxy's upstream answers: counts timeouts since the last answer. Pure, fed by the
 * proxies at each outcome; GET /healthz and the wedged gauge read it.
 */
export class UpstreamHealth {
  private consecutive = 0;
  private total = 0;

  constructor(readonly threshold = WEDGED_AFTER_TIMEOUTS) {}

  /** The upstream sent an HTTP answer (any status): it is not wedged. */
  answered(): void {
    this.consecutive = 0;
  }

  timedOut(): void {
    this.consecutive++;
    this.total++;
  }

  get consecutiveTimeouts(): number {
    return this.consecutive;
  }

  get timeouts(): number {
    return this.total;
  }

  get wedged(): boolean {
    return this.consecutive >= this.threshold;
  }

  /** Why the upstream counts as wedged; undefined while it does not. */
  reason(): string | undefined {
    if (!this.wedged) return undefined;
    return `upstream wedged: the last ${this.consecutive} upstream calls timed out with no answer in between (threshold ${this.threshold})`;
  }
}

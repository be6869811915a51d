export interface QueueAwareInput {
  /** Requests per second, oldest first, the last entry the latest second. */
  history: readonly number[];
  /** How much of the history to look at, s. */
  windowS: number;
  /** Requests waiting now. */
  backlog: number;
  /** How long a request may wait in the queues, s. */
  slackS: number;
  /** The rate over this many seconds is carried in full (a load that goes on needs its rate), s. */
  floorS: number;
  /**
   * How the floor treats the arrivals' Poisson noise, in standard deviations of a rate measured over
   * its seconds (sqrt(rate / seconds)). `sustained: z`: the floor is the window's mean rate + z of its
   * noise, instead of the busiest `floorS` seconds' mean, which a steady load's noise alone lifts
   * above its rate. `discount: z`: the floor's rates less z of their noise (a check: a rise within
   * the noise is no burst). Absent: the rates as measured.
   */
  noise?: { kind: 'sustained' | 'discount'; z: number };
}

/** A rate measured over `seconds` moved by z standard deviations of its Poisson noise (never below 0). */
export function noiseShifted(rate: number, seconds: number, z: number): number {
  return Math.max(0, rate + z * Math.sqrt(Math.max(0, rate) / Math.max(1, seconds)));
}

/**
 * The capacity (req/s) the queues need so that no request waits longer than the slack: the largest of
 * - over w = 1…window: (backlog + the most requests any w consecutive seconds held) / (w + slack), the
 *   least capacity under which the busiest stretch of each length seen lately, arriving now on top of
 *   the backlog, would wait no longer than the slack;
 * - the busiest mean rate over `floorS` seconds in the window (a load that goes on needs its rate), or
 *   with `noise` sustained the window's mean rate plus that much of its noise;
 * - the latest `floorS` seconds' mean rate plus the backlog spread over `floorS` or the slack, the
 *   longer (a rising load, whose backlog must drain while it goes on; a batch filling is no backlog).
 * A queue that may hold a request for a few seconds need not keep up with every second: on a steady
 * load this is close to the mean rate, not the busiest second.
 */
export function queueAwareRate(o: QueueAwareInput): number {
  const h = o.history.slice(-Math.max(1, Math.floor(o.windowS)));
  const n = h.length;
  const slack = Math.max(o.slackS, 1e-9);
  if (n === 0) return o.backlog / slack;
  const f = Math.max(1, Math.min(n, Math.floor(o.floorS)));
  const discounted = (rate: number): number => (o.noise?.kind === 'discount' ? noiseShifted(rate, f, -o.noise.z) : rate);
  // prefix[i] = Σ h[0..i-1]
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + h[i]!;
  let need = discounted((prefix[n]! - prefix[n - f]!) / f) + o.backlog / Math.max(slack, f);
  for (let w = 1; w <= n; w++) {
    let most = 0;
    for (let end = w; end <= n; end++) most = Math.max(most, prefix[end]! - prefix[end - w]!);
    need = Math.max(need, (o.backlog + most) / (w + slack));
    if (w === f && o.noise?.kind !== 'sustained') need = Math.max(need, discounted(most / w));
  }
  if (o.noise?.kind === 'sustained') need = Math.max(need, noiseShifted(prefix[n]! / n, n, o.noise.z));
  return need;
}

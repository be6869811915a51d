import { poissonTimesMs } from '../load/arrivals';
import { sendOpenLoop, type RequestRecord } from '../load/open-loop';
import type { ProbeLength } from '../search/measurement';
import type { LatencySample } from './latency-sample';

/** Where and what a probe sends. */
export interface ProbeTarget {
  url: URL;
  /** The request body (default "{}"): what the model server expects, e.g. an image. */
  body?: string;
  headers?: Record<string, string>;
  /** A request not answered by then is a failure (over every SLO). */
  requestTimeoutMs: number;
}

/** The measured part of an open-loop run: requests sent after the warm-up, answers received within the window. */
export function sampleOf(records: readonly RequestRecord[], rateRps: number, length: ProbeLength): LatencySample {
  const fromMs = length.warmupS * 1000;
  const toMs = fromMs + length.durationS * 1000;
  const measured = records.filter((r) => r.sentMs >= fromMs && r.sentMs < toMs);
  const latenciesMs = measured.flatMap((r) => (r.ok ? [r.latencyMs!] : [])).sort((a, b) => a - b);
  const answersInWindow = records.filter((r) => r.ok && r.endMs >= fromMs && r.endMs < toMs).length;
  return {
    rateRps,
    ...length,
    requests: measured.length,
    failed: measured.length - latenciesMs.length,
    latenciesMs,
    throughputRps: answersInWindow / length.durationS,
  };
}

/** How often a running probe looks whether it has already failed. */
const VERDICT_EVERY_MS = 100;

/**
 * Stops a probe once its verdict cannot change: more measured requests are already later than the
 * largest SLO (answered late, failed, or still unanswered past it) than the quantile allows of all
 * the requests it will measure. An overloaded probe then costs about an SLO after its warm-up
 * instead of its whole duration plus the timeouts of a growing queue.
 */
export function hopelessWhen(timesMs: readonly number[], length: ProbeLength, quantile: number, maxSloMs: number) {
  const fromMs = length.warmupS * 1000;
  const toMs = fromMs + length.durationS * 1000;
  const first = timesMs.findIndex((t) => t >= fromMs);
  const measured = first < 0 ? 0 : timesMs.filter((t) => t >= fromMs && t < toMs).length;
  const allowed = (1 - quantile) * measured;
  const late = new Uint8Array(timesMs.length);
  const done = new Uint8Array(timesMs.length);
  let lateDone = 0;
  let lastCheck = -Infinity;
  return {
    onFinish(i: number, r: RequestRecord): void {
      done[i] = 1;
      if (r.sentMs >= fromMs && r.sentMs < toMs && (!r.ok || r.latencyMs! > maxSloMs)) {
        late[i] = 1;
        lateDone++;
      }
    },
    stop(nowMs: number): boolean {
      if (first < 0 || nowMs - lastCheck < VERDICT_EVERY_MS) return false;
      lastCheck = nowMs;
      let over = lateDone;
      for (let i = first; i < timesMs.length && timesMs[i]! < Math.min(toMs, nowMs - maxSloMs); i++) if (!done[i]) over++;
      return over > allowed;
    },
  };
}

/**
 * One probe: open-loop Poisson POSTs at `rateRps` for warm-up + duration seconds (the seed fixes the
 * gaps), waits until each is answered, failed or timed out, and keeps what was sent after the warm-up.
 * With `verdict` (the quantile and the largest SLO) it stops early once it can only fail.
 */
export async function probeRate(
  target: ProbeTarget,
  rateRps: number,
  length: ProbeLength,
  seed: number,
  verdict?: { quantile: number; maxSloMs: number },
): Promise<LatencySample> {
  const timesMs = poissonTimesMs(rateRps, (length.warmupS + length.durationS) * 1000, seed);
  const watch = verdict ? hopelessWhen(timesMs, length, verdict.quantile, verdict.maxSloMs) : undefined;
  const records = await sendOpenLoop({
    target: target.url,
    timesMs,
    requestTimeoutMs: target.requestTimeoutMs,
    body: target.body,
    headers: target.headers,
    ...(watch ? { onFinish: watch.onFinish, stop: watch.stop } : {}),
  });
  return sampleOf(records, rateRps, length);
}

/** Sequential requests: the latency of each (undefined when it failed). */
async function oneByOne(target: ProbeTarget, n: number, timeoutMs: number): Promise<(number | undefined)[]> {
  const out: (number | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const [r] = await sendOpenLoop({ target: target.url, timesMs: [0], requestTimeoutMs: timeoutMs, body: target.body, headers: target.headers });
    out.push(r?.latencyMs);
  }
  return out;
}

/** Median latency of requests sent one at a time to an idle server; throws when none is answered. */
export async function idleLatencyMs(target: ProbeTarget, n = 5): Promise<number> {
  const answered = (await oneByOne(target, n, target.requestTimeoutMs)).filter((l): l is number => l !== undefined).sort((a, b) => a - b);
  if (answered.length === 0)
    throw new Error(`${target.url.href} answered none of ${n} requests (each within ${target.requestTimeoutMs} ms) with a status below 400`);
  return answered[Math.floor(answered.length / 2)]!;
}

/**
 * After an overloaded probe the server may still work off requests the client gave up on: sends one
 * request at a time until one comes back about as fast as on an idle server (2 × idle + 20 ms), so
 * the next probe starts from an empty queue. Gives up after `timeoutMs` and says so (false).
 */
export async function settle(target: ProbeTarget, idleMs: number, timeoutMs: number, now: () => number = () => performance.now()): Promise<boolean> {
  const until = now() + timeoutMs;
  while (now() < until) {
    const [latency] = await oneByOne(target, 1, Math.max(1, until - now()));
    if (latency !== undefined && latency <= 2 * idleMs + 20) return true;
  }
  return false;
}

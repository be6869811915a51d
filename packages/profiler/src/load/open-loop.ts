import { Agent, request } from 'node:http';
import { arrivalTimesMs } from './arrivals';

export interface LoadOptions {
  /** Target, e.g. http://127.0.0.1:8080/predict: loopback only unless allowRemote. */
  url: string;
  /** Permit a target off the loopback interface (a real cluster's ingress); tests never set it. */
  allowRemote?: boolean;
  /** Requests to send in each second, from a trace window. */
  countsPerSecond: readonly number[];
  seed?: number;
  /** Hard bound on the run, whatever the counts say. */
  maxDurationMs?: number;
  /** A request whose socket stays silent this long counts as failed ("timeout"). */
  requestTimeoutMs?: number;
  body?: string;
}

export interface LoadResult {
  sent: number;
  ok: number;
  failed: number;
  /** Why the failed requests failed, by reason (see RequestRecord.failure), with counts summing to `failed`. */
  failures: FailureCounts;
  /** Latency of each answered request, in the order the answers came. */
  latenciesMs: number[];
}

/** Failed requests by reason, e.g. {"ECONNREFUSED": 5, "HTTP 503": 2}. */
export type FailureCounts = Record<string, number>;

/** One request of an open-loop run: when it was due to leave (ms from the start) and how it ended. */
export interface RequestRecord {
  /** Its scheduled time, or when it left if a tick sent it a little early. */
  sentMs: number;
  /** Answered with a status below 400: the time to the last byte of the answer. */
  latencyMs?: number;
  /** When the answer (or the failure) came, ms from the start. */
  endMs: number;
  ok: boolean;
  /**
   * Why it failed, set exactly when ok is false: the socket error's code ("ECONNREFUSED",
   * "ECONNRESET"; its message when it has none), "timeout" when the request outlived
   * requestTimeoutMs, or "HTTP 503" for an answer of 400 and over.
   */
  failure?: string;
}

export interface OpenLoopOptions {
  target: URL;
  /** When each request leaves, ms from the start, ascending. */
  timesMs: readonly number[];
  requestTimeoutMs: number;
  body?: string;
  headers?: Record<string, string>;
  /** Told of each request as it ends (i = its index in timesMs). */
  onFinish?: (i: number, record: RequestRecord) => void;
  /** Asked before each batch of sends: true stops sending (the rest of the schedule is dropped). */
  stop?: (nowMs: number) => boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Checks where load may go: plain http, and the loopback interface unless remote targets are allowed. */
export function loadTarget(url: string, allowRemote: boolean): URL {
  const target = new URL(url);
  if (target.protocol !== 'http:') throw new Error(`loadgen sends plain http only, not ${url}`);
  if (!allowRemote && !LOOPBACK.has(target.hostname)) throw new Error(`loadgen sends to http on loopback only, not ${url} (allowRemote permits other hosts)`);
  return target;
}

/** The reason a request that ended in `error` failed: the error's code, or its message without one. */
function failureOf(error: Error): string {
  return (error as NodeJS.ErrnoException).code ?? error.message;
}

/** The failed requests of `records` counted by reason. */
export function failureCounts(records: readonly RequestRecord[]): FailureCounts {
  const counts: FailureCounts = {};
  for (const r of records) {
    if (r.ok) continue;
    const reason = r.failure ?? 'unknown';
    counts[reason] = (counts[reason] ?? 0) + 1;
  }
  return counts;
}

/** Requests due within this many ms of now leave in the same tick (timers fire ~1 ms late anyway). */
const TICK_SLACK_MS = 1;

/**
 * Sends POSTs open-loop: each leaves at its time whether or not earlier ones were answered (a closed
 * loop would hide overload). One timer walks the schedule, so thousands of requests per second cost
 * one wake-up per millisecond, not one timer each. Resolves with every request's record once each is
 * answered, failed or timed out.
 */
export function sendOpenLoop(o: OpenLoopOptions): Promise<RequestRecord[]> {
  const body = o.body ?? '{}';
  const headers = { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), ...o.headers };
  // Every request in flight holds its socket: no pool limit, or the pool itself would queue them.
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const records: RequestRecord[] = new Array<RequestRecord>(o.timesMs.length);
  const start = performance.now();
  let next = 0;
  let open = o.timesMs.length;

  return new Promise((resolve) => {
    if (open === 0) {
      agent.destroy();
      resolve([]);
      return;
    }
    const settled = (): void => {
      agent.destroy();
      resolve(records.slice(0, next));
    };
    // The first end of a request is its record (a timeout's destroy still raises an error after it).
    const finish = (i: number, sentAt: number, failure?: string): void => {
      if (records[i]) return;
      const now = performance.now();
      const ended = { sentMs: sentAt - start, endMs: now - start };
      records[i] = failure === undefined ? { ...ended, ok: true, latencyMs: now - sentAt } : { ...ended, ok: false, failure };
      o.onFinish?.(i, records[i]);
      if (--open === 0) settled();
    };
    const send = (i: number): void => {
      // Latency counts from when the request was due, not when a late timer sent it: a client that
      // falls behind (a busy event loop, a shared core) would otherwise hold requests out of the
      // measurement and report the server faster than it is (coordinated omission).
      const sentAt = Math.min(performance.now(), start + o.timesMs[i]!);
      const req = request(o.target, { method: 'POST', agent, headers, timeout: o.requestTimeoutMs }, (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        res.on('end', () => finish(i, sentAt, status > 0 && status < 400 ? undefined : `HTTP ${status}`));
        res.on('error', (error) => finish(i, sentAt, failureOf(error)));
      });
      req.on('timeout', () => {
        finish(i, sentAt, 'timeout');
        req.destroy();
      });
      req.on('error', (error) => finish(i, sentAt, failureOf(error)));
      req.end(body);
    };
    const tick = (): void => {
      const now = performance.now() - start;
      if (o.stop?.(now)) {
        // What was never sent is no longer awaited.
        open -= o.timesMs.length - next;
        if (open === 0) settled();
        return;
      }
      while (next < o.timesMs.length && o.timesMs[next]! <= now + TICK_SLACK_MS) send(next++);
      if (next < o.timesMs.length) setTimeout(tick, Math.max(0, o.timesMs[next]! - (performance.now() - start)));
    };
    tick();
  });
}

/**
 * Replays `countsPerSecond` as open-loop POSTs (each second's count, Poisson-spaced within it).
 * Resolves once every request is answered or timed out.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const target = loadTarget(options.url, options.allowRemote === true);
  const maxDurationMs = options.maxDurationMs ?? options.countsPerSecond.length * 1000;
  const timesMs = arrivalTimesMs(options.countsPerSecond, options.seed ?? 1).filter((t) => t < maxDurationMs);
  const records = await sendOpenLoop({ target, timesMs, requestTimeoutMs: options.requestTimeoutMs ?? 30_000, body: options.body });
  const answered = records.filter((r) => r.ok).sort((a, b) => a.endMs - b.endMs);
  return {
    sent: records.length,
    ok: answered.length,
    failed: records.length - answered.length,
    failures: failureCounts(records),
    latenciesMs: answered.map((r) => r.latencyMs!),
  };
}

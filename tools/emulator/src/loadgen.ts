import { request } from 'node:http';
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
  /** A request not answered by then counts as failed. */
  requestTimeoutMs?: number;
  body?: string;
}

export interface LoadResult {
  sent: number;
  ok: number;
  failed: number;
  /** Latency of each answered request, in the order the answers came. */
  latenciesMs: number[];
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Checks where load may go: plain http, and the loopback interface unless remote targets are allowed. */
export function loadTarget(url: string, allowRemote: boolean): URL {
  const target = new URL(url);
  if (target.protocol !== 'http:') throw new Error(`loadgen sends plain http only, not ${url}`);
  if (!allowRemote && !LOOPBACK.has(target.hostname)) throw new Error(`loadgen sends to http on loopback only, not ${url} (allowRemote permits other hosts)`);
  return target;
}

/**
 * Replays `countsPerSecond` as open-loop POSTs: each request leaves at its scheduled time whether or
 * not earlier ones were answered (a closed loop would hide overload). Resolves once every request is
 * answered or timed out.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const target = loadTarget(options.url, options.allowRemote === true);
  const maxDurationMs = options.maxDurationMs ?? options.countsPerSecond.length * 1000;
  const times = arrivalTimesMs(options.countsPerSecond, options.seed ?? 1).filter((t) => t < maxDurationMs);
  const result: LoadResult = { sent: 0, ok: 0, failed: 0, latenciesMs: [] };
  const body = options.body ?? '{}';
  const start = Date.now();

  const send = () =>
    new Promise<void>((resolve) => {
      const sentAt = Date.now();
      result.sent++;
      const req = request(target, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }, timeout: options.requestTimeoutMs ?? 30_000 }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== undefined && res.statusCode < 400) {
            result.ok++;
            result.latenciesMs.push(Date.now() - sentAt);
          } else result.failed++;
          resolve();
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        result.failed++;
        resolve();
      });
      req.end(body);
    });

  const pending = times.map(
    (t) => new Promise<void>((resolve) => setTimeout(() => void send().then(resolve), Math.max(0, start + t - Date.now()))),
  );
  await Promise.all(pending);
  return result;
}

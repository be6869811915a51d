import { request } from 'node:http';
import { SENT_AT_HEADER, SLO_HEADER } from '@infscale/dataplane';

export interface BudgetLoadOptions {
  url: string;
  /** Requests per second, spread evenly over each second. */
  countsPerSecond: readonly number[];
  sloMs: number;
  /**
   * Network delay each request "already spent" before the proxy, cycled in order: its sent-at header
   * is that far in the past, so its remaining budget is sloMs − delay (≤ 0: hopeless).
   */
  delaysMs: readonly number[];
}

export interface BudgetLoadResult {
  sent: number;
  /** Answers by HTTP status (504 = dropped by the EDF proxy). */
  byStatus: Record<number, number>;
}

/**
 * Open-loop load carrying Sponge's deadline headers (the loadgen library sends no headers). Loopback
 * only, bounded by countsPerSecond; resolves once every request is answered or failed.
 */
export async function runBudgetLoad(options: BudgetLoadOptions): Promise<BudgetLoadResult> {
  const target = new URL(options.url);
  if (target.hostname !== '127.0.0.1') throw new Error(`budget load goes to 127.0.0.1 only, not ${options.url}`);
  const result: BudgetLoadResult = { sent: 0, byStatus: {} };
  const count = (status: number) => (result.byStatus[status] = (result.byStatus[status] ?? 0) + 1);
  const send = (delayMs: number) =>
    new Promise<void>((resolve) => {
      result.sent++;
      const headers = {
        'content-type': 'application/json',
        'content-length': 2,
        [SLO_HEADER]: String(options.sloMs),
        [SENT_AT_HEADER]: String(Date.now() - delayMs),
      };
      const req = request(target, { method: 'POST', headers, timeout: 10_000 }, (res) => {
        res.resume();
        res.on('end', () => {
          count(res.statusCode ?? 0);
          resolve();
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        count(0);
        resolve();
      });
      req.end('{}');
    });
  const start = Date.now();
  const pending: Promise<void>[] = [];
  let n = 0;
  options.countsPerSecond.forEach((perSecond, second) => {
    for (let i = 0; i < perSecond; i++) {
      const delay = options.delaysMs[n++ % options.delaysMs.length];
      const at = start + second * 1000 + (i * 1000) / perSecond;
      pending.push(new Promise<void>((resolve) => setTimeout(() => void send(delay).then(resolve), Math.max(0, at - Date.now()))));
    }
  });
  await Promise.all(pending);
  return result;
}

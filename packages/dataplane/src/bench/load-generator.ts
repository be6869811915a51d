import * as http from 'node:http';

export interface LoadResult {
  sent: number;
  ok: number;
  errors: number;
  /** Latency of each answered request, ms, from its send to the end of its answer. */
  latenciesMs: number[];
  elapsedS: number;
}

const BODY = '{"input":[1,2,3]}';

function post(url: URL, agent: http.Agent, done: (ok: boolean, ms: number) => void): void {
  const start = process.hrtime.bigint();
  const req = http.request(
    {
      hostname: url.hostname,
      port: url.port,
      path: '/predict',
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': BODY.length },
    },
    (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode === 200, Number(process.hrtime.bigint() - start) / 1e6));
    },
  );
  req.on('error', () => done(false, 0));
  req.end(BODY);
}

/** Open loop: sends at a fixed rate whatever the answers do, so a slow target cannot slow the load. */
export function openLoop(target: string, ratePerS: number, durationS: number, agent: http.Agent): Promise<LoadResult> {
  const url = new URL(target);
  const total = Math.round(ratePerS * durationS);
  const result: LoadResult = { sent: 0, ok: 0, errors: 0, latenciesMs: [], elapsedS: 0 };
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    let answered = 0;
    const onDone = (ok: boolean, ms: number) => {
      if (ok) {
        result.ok++;
        result.latenciesMs.push(ms);
      } else result.errors++;
      if (++answered === total) {
        result.elapsedS = Number(process.hrtime.bigint() - start) / 1e9;
        resolve(result);
      }
    };
    const tick = () => {
      const due = Math.min(total, Math.floor((Number(process.hrtime.bigint() - start) / 1e9) * ratePerS) + 1);
      while (result.sent < due) {
        result.sent++;
        post(url, agent, onDone);
      }
      if (result.sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}

/** Closed loop: `concurrency` requests always outstanding, for durationS: the most the target sustains. */
export function closedLoop(target: string, concurrency: number, durationS: number, agent: http.Agent): Promise<LoadResult> {
  const url = new URL(target);
  const result: LoadResult = { sent: 0, ok: 0, errors: 0, latenciesMs: [], elapsedS: 0 };
  const start = process.hrtime.bigint();
  const endNs = start + BigInt(Math.round(durationS * 1e9));
  return new Promise((resolve) => {
    let outstanding = 0;
    const launch = () => {
      outstanding++;
      result.sent++;
      post(url, agent, (ok, ms) => {
        outstanding--;
        if (ok) {
          result.ok++;
          result.latenciesMs.push(ms);
        } else result.errors++;
        if (process.hrtime.bigint() < endNs) launch();
        else if (outstanding === 0) {
          result.elapsedS = Number(process.hrtime.bigint() - start) / 1e9;
          resolve(result);
        }
      });
    };
    for (let i = 0; i < concurrency; i++) launch();
  });
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

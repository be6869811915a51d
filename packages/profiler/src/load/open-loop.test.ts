import { slowServer } from '../test-support/slow-server';
import { failureCounts, runLoad, sendOpenLoop } from './open-loop';

/** Keeps the event loop busy for `ms`: what a shared core or a long task does to the sender's timer. */
function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('open-loop sending against a real server on 127.0.0.1', () => {
  it('counts the time a late sender held a request as latency, so a stalled client cannot make the server look fast', async () => {
    const server = await slowServer(() => 0);
    try {
      const timesMs = Array.from({ length: 60 }, (_, i) => i * 10);
      setTimeout(() => block(300), 100);
      const records = await sendOpenLoop({ target: server.url, timesMs, requestTimeoutMs: 5000 });
      expect(records).toHaveLength(60);
      expect(records.every((r) => r.ok)).toBe(true);
      // Requests due early in the stall were sent at its end: ~200 ms or more late, and measured so.
      const held = records.filter((_, i) => timesMs[i]! >= 110 && timesMs[i]! <= 250);
      expect(held.length).toBeGreaterThan(10);
      for (const r of held) expect(r.latencyMs!).toBeGreaterThanOrEqual(140);
      // Each request's time is when it was due (or a little before, as a tick sends what is due within 1 ms).
      records.forEach((r, i) => expect(r.sentMs).toBeLessThanOrEqual(timesMs[i]! + 0.001));
    } finally {
      await server.close();
    }
  });
});

describe('why requests of a run failed, against real servers on 127.0.0.1', () => {
  it('records a refused connection by its code', async () => {
    const server = await slowServer(() => 0);
    await server.close();
    const result = await runLoad({ url: server.url.href, countsPerSecond: [3], requestTimeoutMs: 2000 });
    expect(result).toMatchObject({ sent: 3, ok: 0, failed: 3, failures: { ECONNREFUSED: 3 }, latenciesMs: [] });
  });

  it('records an answer of 503 by its status', async () => {
    const server = await slowServer(() => 0, 503);
    try {
      const result = await runLoad({ url: server.url.href, countsPerSecond: [4], requestTimeoutMs: 2000 });
      expect(result).toMatchObject({ sent: 4, ok: 0, failed: 4, failures: { 'HTTP 503': 4 } });
      expect(server.requests()).toBe(4);
    } finally {
      await server.close();
    }
  });

  it('records its own timeout when the server never answers', async () => {
    const server = await slowServer(() => Infinity);
    try {
      const records = await sendOpenLoop({ target: server.url, timesMs: [0, 10], requestTimeoutMs: 100 });
      expect(records.map((r) => [r.ok, r.failure])).toEqual([
        [false, 'timeout'],
        [false, 'timeout'],
      ]);
      // Ended by the timeout, not by the server or the test's close.
      for (const r of records) expect(r.endMs - r.sentMs).toBeGreaterThanOrEqual(95);
      for (const r of records) expect(r.endMs - r.sentMs).toBeLessThan(1000);
      const result = await runLoad({ url: server.url.href, countsPerSecond: [2], requestTimeoutMs: 100 });
      expect(result).toMatchObject({ sent: 2, ok: 0, failed: 2, failures: { timeout: 2 } });
    } finally {
      await server.close();
    }
  });

  it('keeps no reason on an answered request, and counts only the failed ones', async () => {
    const server = await slowServer(() => 0);
    try {
      const [answered] = await sendOpenLoop({ target: server.url, timesMs: [0], requestTimeoutMs: 2000 });
      expect(answered).toMatchObject({ ok: true });
      expect(answered!.failure).toBeUndefined();
      expect(
        failureCounts([
          answered!,
          { sentMs: 0, endMs: 1, ok: false, failure: 'HTTP 503' },
          { sentMs: 0, endMs: 1, ok: false, failure: 'ECONNRESET' },
          { sentMs: 0, endMs: 2, ok: false, failure: 'HTTP 503' },
        ]),
      ).toEqual({ 'HTTP 503': 2, ECONNRESET: 1 });
    } finally {
      await server.close();
    }
  });
});

import { slowServer } from '../test-support/slow-server';
import { sendOpenLoop } from './open-loop';

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

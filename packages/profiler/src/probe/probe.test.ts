import { slowServer } from '../test-support/slow-server';
import { measurementOf, overSlo, quantileWithFailures, type LatencySample } from './latency-sample';
import { idleLatencyMs, probeRate, sampleOf, settle } from './probe';

const sample = (latenciesMs: number[], failed = 0): LatencySample => ({
  rateRps: 10,
  durationS: 1,
  warmupS: 0,
  requests: latenciesMs.length + failed,
  failed,
  latenciesMs,
  throughputRps: 10,
});

describe('latency samples', () => {
  it('count failures as infinitely late in the quantile and over every SLO', () => {
    const s = sample([...Array.from({ length: 98 }, (_, i) => i + 1), 500], 1);
    expect(quantileWithFailures(s, 0.99)).toBe(500);
    expect(quantileWithFailures(s, 0.999)).toBe(Infinity);
    expect(overSlo(s, 98)).toBe(2);
    expect(measurementOf(s, 100, 0.99)).toMatchObject({ requests: 100, overSlo: 2, quantileMs: 500 });
    expect(quantileWithFailures(sample([]), 0.99)).toBeNaN();
  });

  it('keep the requests sent after the warm-up and within the duration, and answers received within it', () => {
    const records = [
      { sentMs: 100, endMs: 150, ok: true, latencyMs: 50 },
      { sentMs: 1100, endMs: 1200, ok: true, latencyMs: 100 },
      { sentMs: 1500, endMs: 2500, ok: false },
      { sentMs: 2900, endMs: 3100, ok: true, latencyMs: 200 },
      { sentMs: 3100, endMs: 3150, ok: true, latencyMs: 50 },
    ];
    expect(sampleOf(records, 4, { warmupS: 1, durationS: 2 })).toEqual({
      rateRps: 4,
      warmupS: 1,
      durationS: 2,
      requests: 3,
      failed: 1,
      latenciesMs: [100, 200],
      throughputRps: 0.5,
    });
  });
});

describe('probes against a real server on 127.0.0.1', () => {
  it('send a Poisson process at the rate and measure its latencies', async () => {
    const server = await slowServer(() => 20);
    try {
      const s = await probeRate({ url: server.url, requestTimeoutMs: 1000 }, 50, { warmupS: 0.5, durationS: 2 }, 7);
      expect(s.requests).toBeGreaterThan(60);
      expect(s.requests).toBeLessThan(140);
      expect(s.failed).toBe(0);
      expect(s.latenciesMs[0]).toBeGreaterThanOrEqual(19);
      expect(await idleLatencyMs({ url: server.url, requestTimeoutMs: 1000 })).toBeGreaterThanOrEqual(19);
    } finally {
      await server.close();
    }
  });

  it('stop sending once the verdict cannot change, and count what was unanswered as late', async () => {
    const server = await slowServer(() => 400);
    try {
      const started = Date.now();
      const s = await probeRate({ url: server.url, requestTimeoutMs: 2000 }, 100, { warmupS: 0.2, durationS: 5 }, 3, { quantile: 0.99, maxSloMs: 100 });
      // Every request is 4 × the SLO late: it stops ~0.1 s after the first measured one is overdue.
      expect(Date.now() - started).toBeLessThan(2500);
      expect(server.requests()).toBeLessThan(100);
      expect(measurementOf(s, 100, 0.99).quantileMs).toBeGreaterThan(100);
    } finally {
      await server.close();
    }
  });

  it('count error statuses as failures, settle once the server answers as if idle, and say when it does not', async () => {
    const failing = await slowServer(() => 1, 503);
    try {
      const s = await probeRate({ url: failing.url, requestTimeoutMs: 1000 }, 20, { warmupS: 0, durationS: 0.5 }, 1);
      expect(s.failed).toBe(s.requests);
      await expect(idleLatencyMs({ url: failing.url, requestTimeoutMs: 1000 })).rejects.toThrow(/answered none of 5 requests/);
      expect(await settle({ url: failing.url, requestTimeoutMs: 100 }, 5, 300)).toBe(false);
    } finally {
      await failing.close();
    }
    const fast = await slowServer(() => 1);
    try {
      expect(await settle({ url: fast.url, requestTimeoutMs: 1000 }, 5, 2000)).toBe(true);
    } finally {
      await fast.close();
    }
  });
});

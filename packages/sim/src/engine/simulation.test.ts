import { runSimulation } from '../run';
import type { RequestRecord } from '../output/types';
import { baseConfig, fixedService, holdScaler, oneDeployment, poissonCounts } from '../test-support/fixtures';

describe('Simulation: queueing', () => {
  it('matches M/D/1: one server, 10 ms service, Poisson 50 req/s → mean wait ρ/(2μ(1−ρ)) = 5 ms', async () => {
    const arrivals = poissonCounts(50, 4000);
    const { summary } = await runSimulation({
      config: baseConfig({ arrivals, service: fixedService({ m: 10 }), initial: oneDeployment('m', 1), variants: { m: { accuracy: 0.7 } } }),
      scaler: holdScaler,
    });
    expect(summary.arrived).toBe(arrivals.reduce((a, b) => a + b, 0));
    expect(summary.completed).toBe(summary.arrived);
    // Mean latency = 10 ms service + 5 ms wait (Pollaczek–Khinchine), within 4 %.
    expect(summary.latencyMs.mean).toBeGreaterThan(15 * 0.96);
    expect(summary.latencyMs.mean).toBeLessThan(15 * 1.04);
    expect(summary.accuracy).toBeCloseTo(0.7, 9);
    expect(summary.meanCores).toBe(1);
  });

  it('an overloaded server makes late requests and a 100 ms SLO counts them', async () => {
    const { summary, series } = await runSimulation({
      config: baseConfig({ arrivals: new Array(60).fill(120), sloMs: 100, intervalS: 10, service: fixedService({ m: 10 }), initial: oneDeployment('m', 1) }),
      scaler: holdScaler,
    });
    // 120 req/s into a 100 req/s server: the queue grows 20/s, so nearly everything after ~1 s is late.
    expect(summary.sloViolationRate).toBeGreaterThan(0.8);
    expect(summary.late + summary.onTime).toBe(summary.completed);
    expect(series).toHaveLength(6);
    expect(series[5].p99Ms).toBeGreaterThan(series[0].p99Ms);
  });

  it('batches what waits in a pod queue, up to the batch size, without waiting for more', async () => {
    const records: RequestRecord[] = [];
    // One worker, batch 4, every batch takes 300 ms whatever its size; 10 requests in second 0.
    const service = { workers: () => 1, batchTime: () => ({ meanMs: 300 }) };
    const { summary } = await runSimulation({
      config: baseConfig({ arrivals: [10], service, initial: oneDeployment('m', 1, 1, 4), onRequest: (r) => records.push(r) }),
      scaler: holdScaler,
    });
    expect(summary.completed).toBe(10);
    const sizes = new Map<number, number>();
    for (const r of records) sizes.set(r.startMs, (sizes.get(r.startMs) ?? 0) + 1);
    const batches = [...sizes.entries()].sort((a, b) => a[0] - b[0]);
    // The first request starts alone at its arrival; later batches hold what waited (≤ 4), back to back.
    expect(batches[0][1]).toBe(1);
    expect(Math.max(...batches.map(([, n]) => n))).toBeLessThanOrEqual(4);
    expect(Math.max(...batches.map(([, n]) => n))).toBeGreaterThan(1);
    for (let i = 1; i < batches.length; i++) expect(batches[i][0] - batches[i - 1][0]).toBeGreaterThanOrEqual(300);
    for (const r of records) expect(r.endMs - r.startMs).toBe(300);
  });
});

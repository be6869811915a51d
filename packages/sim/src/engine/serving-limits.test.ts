import { runSimulation } from '../run';
import type { RequestRecord } from '../output/types';
import { baseConfig, fixedService, holdScaler, oneDeployment, scriptedScaler } from '../test-support/fixtures';

describe('Simulation: serving limits', () => {
  it('rejects at once what finds a full pod queue, and counts it apart from late and dropped', async () => {
    const records: RequestRecord[] = [];
    // One worker at 100 ms a request, 50 requests in second 0: 1 in service, 4 may wait, 45 rejected.
    const { summary } = await runSimulation({
      config: baseConfig({
        arrivals: [50],
        service: fixedService({ m: 100 }),
        initial: oneDeployment('m', 1),
        onRequest: (r) => records.push(r),
        serving: { podQueueLimit: () => 4 },
      }),
      scaler: holdScaler,
    });
    const waited = records.filter((r) => r.outcome === 'on-time' || r.outcome === 'late');
    expect(summary.rejected).toBe(records.filter((r) => r.outcome === 'rejected').length);
    expect(summary.rejected).toBeGreaterThan(30);
    expect(summary.dropped).toBe(0);
    expect(summary.completed + summary.rejected).toBe(50);
    // Never more than 1 in service + 4 waiting: no answer later than 5 service times after arrival.
    for (const r of waited) expect(r.endMs - r.arrivalMs).toBeLessThanOrEqual(500 + 1e-9);
    expect(summary.sloViolationRate).toBeCloseTo((summary.late + summary.rejected) / 50, 12);
  });

  it('without a bound the same burst queues: nothing rejected, answers up to 5 s late', async () => {
    const { summary } = await runSimulation({
      config: baseConfig({ arrivals: [50], service: fixedService({ m: 100 }), initial: oneDeployment('m', 1) }),
      scaler: holdScaler,
    });
    expect(summary.rejected).toBe(0);
    expect(summary.latencyMs.max).toBeGreaterThan(4000);
  });

  it('counts answers after the client timeout as timed out, so no latency above it is recorded', async () => {
    const records: RequestRecord[] = [];
    // 20 requests at 1 s each on one worker: the last would take 20 s; the client waits 5 s.
    const { summary, series } = await runSimulation({
      config: baseConfig({
        arrivals: [20, ...new Array<number>(29).fill(0)],
        sloMs: 100_000,
        service: fixedService({ m: 1000 }),
        initial: oneDeployment('m', 1),
        intervalS: 1,
        serving: { clientTimeoutMs: 5000 },
        onRequest: (r) => records.push(r),
      }),
      scaler: holdScaler,
    });
    expect(summary.latencyMs.max).toBeLessThanOrEqual(5000);
    expect(summary.timedOut).toBe(records.filter((r) => r.outcome === 'timed-out').length);
    expect(summary.timedOut).toBeGreaterThanOrEqual(15);
    expect(summary.completed + summary.timedOut).toBe(20);
    expect(summary.sloViolationRate).toBeCloseTo(summary.timedOut / 20, 12);
    expect(series.reduce((n, row) => n + row.timedOut, 0)).toBe(summary.timedOut);
  });

  it('counts requests unfinished after the drain as timed out when the drain outlasts the timeout', async () => {
    const { summary } = await runSimulation({
      config: baseConfig({
        arrivals: [100],
        service: fixedService({ m: 1000 }),
        initial: oneDeployment('m', 1),
        drainMs: 10_000,
        serving: { clientTimeoutMs: 5000 },
      }),
      scaler: holdScaler,
    });
    expect(summary.dropped).toBe(0);
    expect(summary.timedOut).toBe(100 - summary.completed);
  });

  it('fails what a terminating pod still holds when its grace period ends', async () => {
    const records: RequestRecord[] = [];
    // 40 requests at 1 s each wait on one pod; at 10 s it is scaled to 0 with a 3 s grace period:
    // it serves until 13 s, then the rest of its queue fails.
    const { summary } = await runSimulation({
      config: baseConfig({
        arrivals: [40, ...new Array<number>(29).fill(0)],
        sloMs: 100_000,
        service: fixedService({ m: 1000 }),
        initial: oneDeployment('m', 1),
        serving: { terminationGraceMs: 3000 },
        onRequest: (r) => records.push(r),
      }),
      scaler: scriptedScaler([oneDeployment('m', 0)]),
    });
    const served = records.filter((r) => r.outcome !== 'dropped');
    expect(served.length).toBeGreaterThanOrEqual(12);
    expect(served.length).toBeLessThanOrEqual(14);
    expect(Math.max(...served.map((r) => r.endMs))).toBeLessThanOrEqual(13_000);
    expect(summary.dropped).toBe(40 - served.length);
    expect(summary.meanCores * 30).toBeLessThanOrEqual(13.01);
  });
});

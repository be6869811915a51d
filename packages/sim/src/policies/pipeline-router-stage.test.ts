import type { RouteStep } from '@infscale/dataplane';
import { runSimulation } from '../run';
import type { RequestRecord } from '../output/types';
import { baseConfig, holdScaler } from '../test-support/fixtures';
import { dataplaneBatching } from './dataplane-adapters';
import { pipelineRouted } from './pipeline-router-stage';

/** Two stages; stage a takes 100 ms per batch whatever its size, stage b 10 ms. */
const service = { workers: () => 1, batchTime: (v: string) => ({ meanMs: v === 'a' ? 100 : 10 }) };
const twoStages = (batchA: number, replicasA = 1) => ({
  deployments: [
    { name: 'a', variant: 'a', stage: 'a', replicas: replicasA, cores: 1, batch: batchA },
    { name: 'b', variant: 'b', stage: 'b', replicas: 1, cores: 1, batch: 1 },
  ],
  routing: [],
});

describe('IPA data plane in the simulator: BatchingQueue per stage behind the PipelineRouter', () => {
  const policy = (dropLimitMs: number, maxWaitMs: number, onDrop?: (s: Extract<RouteStep, { kind: 'drop' }>) => void) =>
    pipelineRouted(dataplaneBatching({ maxWaitMs }), { stages: ['a', 'b'], dropLimitMs, ...(onDrop ? { onDrop } : {}) });

  it('forms batches of up to b, or smaller after the max wait', async () => {
    const records: RequestRecord[] = [];
    // 4 requests in second 0 and 1 in second 2: one full batch of 4 (the wait, 1.5 s, is longer than
    // a second), then a batch of 1 after the max wait.
    const config = baseConfig({
      arrivals: [4, 0, 1, 0, 0],
      stages: [
        { name: 'a', policy: policy(10_000, 1500) },
        { name: 'b', policy: policy(10_000, 1500) },
      ],
      service,
      initial: twoStages(4),
      onRequest: (r) => records.push(r),
    });
    await runSimulation({ config, scaler: holdScaler });
    const starts = records.map((r) => r.startMs).sort((x, y) => x - y);
    expect(new Set(starts.slice(0, 4)).size).toBe(1);
    const lone = records.find((r) => r.arrivalMs >= 2000)!;
    expect(lone.startMs - lone.arrivalMs).toBeCloseTo(1500, 0);
    expect(records.every((r) => r.outcome !== 'dropped')).toBe(true);
  });

  it('drops at the next stage boundary once a request is past the drop limit, with the reason', async () => {
    const drops: string[] = [];
    const records: RequestRecord[] = [];
    const onDrop = (s: Extract<RouteStep, { kind: 'drop' }>) => drops.push(s.reason);
    // 30 req/s into 10 req/s of stage a: the queue grows and old requests pass the 1 s limit.
    const config = baseConfig({
      arrivals: new Array(5).fill(30),
      stages: [
        { name: 'a', policy: policy(1000, 300, onDrop) },
        { name: 'b', policy: policy(1000, 300, onDrop) },
      ],
      service,
      initial: twoStages(1),
      onRequest: (r) => records.push(r),
    });
    const { summary } = await runSimulation({ config, scaler: holdScaler });
    expect(summary.dropped).toBeGreaterThan(0);
    expect(drops.length).toBe(records.filter((r) => r.outcome === 'dropped' && r.stage === 'b').length);
    expect(drops[0]).toMatch(/past the pipeline's drop limit/);
    for (const r of records.filter((x) => x.outcome !== 'dropped')) expect(r.endMs - r.arrivalMs).toBeLessThan(1000 + 100 + 10 + 1);
  });

  /** 30 req/s for 5 s into stage a's 10 req/s, drop limit 1 s, each stage queue built with these dataplaneBatching options. */
  const overloaded = async (queue: { dropLimitMs?: number; laterStagesMs?: Record<string, number> }): Promise<RequestRecord[]> => {
    const records: RequestRecord[] = [];
    const stage = (name: string) => ({
      name,
      policy: pipelineRouted(dataplaneBatching({ maxWaitMs: 300, ...queue }), { stages: ['a', 'b'], dropLimitMs: 1000 }),
    });
    const config = baseConfig({
      arrivals: new Array(5).fill(30),
      stages: [stage('a'), stage('b')],
      service,
      initial: twoStages(1),
      onRequest: (r) => records.push(r),
    });
    await runSimulation({ config, scaler: holdScaler });
    return records;
  };

  it('with the drop limit in the stage queue, a request past it leaves the queue instead of taking a replica', async () => {
    const deployed = await overloaded({ dropLimitMs: 1000 });
    const served = (rs: RequestRecord[]) => rs.filter((r) => r.outcome !== 'dropped').length;
    expect(deployed.some((r) => r.outcome === 'dropped' && r.stage === 'a')).toBe(true);
    // No replica time goes to requests that will be dropped anyway, so at least as many make it through.
    expect(served(deployed)).toBeGreaterThanOrEqual(served(await overloaded({})));
    for (const r of deployed.filter((x) => x.outcome !== 'dropped')) expect(r.endMs - r.arrivalMs).toBeLessThan(1000 + 100 + 10 + 1);
  });

  it("with the later stages' least time, a request that cannot finish before the limit is shed before it takes a replica", async () => {
    const onTime = (rs: RequestRecord[]) => rs.filter((r) => r.outcome === 'on-time').length;
    const droppedAfterA = (rs: RequestRecord[]) => rs.filter((r) => r.outcome === 'dropped' && r.stage === 'b').length;
    const before = await overloaded({ dropLimitMs: 1000 });
    const shedding = await overloaded({ dropLimitMs: 1000, laterStagesMs: { a: 10, b: 0 } });
    // Without it, stage a serves requests with under 110 ms left, and they are dropped before b; with it, none.
    expect(droppedAfterA(before)).toBeGreaterThan(0);
    expect(droppedAfterA(shedding)).toBe(0);
    expect(onTime(shedding)).toBeGreaterThanOrEqual(onTime(before));
    expect(shedding.filter((r) => r.outcome === 'late')).toHaveLength(0);
  });
});

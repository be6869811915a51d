import { runSimulation } from '../run';
import type { RequestRecord } from '../output/types';
import { baseConfig, fixedService, holdScaler, oneDeployment, poissonCounts } from '../test-support/fixtures';
import { dataplaneBatching, dataplaneEdf, weightedDispatcherPicker } from './dataplane-adapters';
import { fifoBatching } from './fifo-batching';
import { roundRobin } from './round-robin';

describe('packages/dataplane policies in the simulator', () => {
  it("InfAdapter's WeightedDispatcher splits exactly by the quotas", async () => {
    const records: RequestRecord[] = [];
    const config = baseConfig({
      arrivals: new Array(40).fill(10),
      stages: [{ name: 'main', policy: roundRobin({ picker: weightedDispatcherPicker }) }],
      service: fixedService({ a: 5, b: 5 }),
      initial: {
        deployments: [
          { name: 'a', variant: 'a', stage: 'main', replicas: 1, cores: 1, batch: 1 },
          { name: 'b', variant: 'b', stage: 'main', replicas: 2, cores: 1, batch: 1 },
        ],
        routing: [{ stage: 'main', weights: { a: 3, b: 1 } }],
      },
      onRequest: (r) => records.push(r),
    });
    await runSimulation({ config, scaler: holdScaler });
    expect(records.filter((r) => r.deployment === 'a')).toHaveLength(300);
    expect(records.filter((r) => r.deployment === 'b')).toHaveLength(100);
  });

  it("IPA's BatchingQueue behaves as the simulator's own FIFO batching", async () => {
    const make = (policy: ReturnType<typeof fifoBatching>) =>
      baseConfig({
        arrivals: poissonCounts(20, 300),
        stages: [{ name: 'main', policy }],
        service: { workers: () => 1, batchTime: (_v, k) => ({ meanMs: 40 + 30 * k }) },
        initial: oneDeployment('m', 1, 1, 4),
      });
    const own = await runSimulation({ config: make(fifoBatching({ maxWaitMs: 200 })), scaler: holdScaler });
    const deployed = await runSimulation({ config: make(dataplaneBatching({ maxWaitMs: 200 })), scaler: holdScaler });
    expect(deployed.summary).toEqual(own.summary);
    expect(own.summary.completed).toBe(own.summary.arrived);
  });

  it("IPA's stage queue split by routing weights: each deployment gets its share, in its own batches", async () => {
    const records: RequestRecord[] = [];
    const batches: Record<string, number[]> = { a: [], b: [] };
    const config = baseConfig({
      arrivals: new Array(40).fill(10),
      stages: [{ name: 'main', policy: dataplaneBatching({ maxWaitMs: 200 }) }],
      service: { workers: () => 1, batchTime: (v, k) => (batches[v]!.push(k), { meanMs: 10 * k }) },
      initial: {
        deployments: [
          { name: 'a', variant: 'a', stage: 'main', replicas: 1, cores: 1, batch: 4 },
          { name: 'b', variant: 'b', stage: 'main', replicas: 1, cores: 1, batch: 1 },
        ],
        routing: [{ stage: 'main', weights: { a: 3, b: 1 } }],
      },
      onRequest: (r) => records.push(r),
    });
    await runSimulation({ config, scaler: holdScaler });
    expect(records.filter((r) => r.deployment === 'a')).toHaveLength(300);
    expect(records.filter((r) => r.deployment === 'b')).toHaveLength(100);
    expect(Math.max(...batches.a!)).toBe(4);
    expect(Math.max(...batches.b!)).toBe(1);
  });

  it("IPA's stage queue with one routed deployment stays shared: every ready pod of the stage takes from it", async () => {
    const records: RequestRecord[] = [];
    const config = baseConfig({
      arrivals: new Array(20).fill(40),
      stages: [{ name: 'main', policy: dataplaneBatching({ maxWaitMs: 200 }) }],
      service: fixedService({ a: 40, b: 40 }),
      initial: {
        deployments: [
          { name: 'a', variant: 'a', stage: 'main', replicas: 1, cores: 1, batch: 1 },
          { name: 'b', variant: 'b', stage: 'main', replicas: 1, cores: 1, batch: 1 },
        ],
        routing: [{ stage: 'main', weights: { a: 1 } }],
      },
      onRequest: (r) => records.push(r),
    });
    await runSimulation({ config, scaler: holdScaler });
    expect(records.filter((r) => r.deployment === 'b').length).toBeGreaterThan(300);
  });

  it("Sponge's EDF queue drops what cannot make its deadline instead of serving it late", async () => {
    // 1 core: l(b) = 20b + 30 ms; 40 req/s with a 150 ms budget overloads a batch of 1 (50 ms each → 20/s).
    const service = { workers: () => 1, batchTime: (_v: string, k: number) => ({ meanMs: 20 * k + 30 }) };
    const fifo = await runSimulation({
      config: baseConfig({ arrivals: new Array(60).fill(40), sloMs: 150, service, initial: oneDeployment('m', 1) }),
      scaler: holdScaler,
    });
    const edf = await runSimulation({
      config: baseConfig({
        arrivals: new Array(60).fill(40),
        sloMs: 150,
        stages: [{ name: 'main', policy: dataplaneEdf() }],
        service,
        initial: oneDeployment('m', 1),
      }),
      scaler: holdScaler,
    });
    expect(fifo.summary.late).toBeGreaterThan(fifo.summary.arrived * 0.4);
    expect(edf.summary.dropped).toBeGreaterThan(0);
    expect(edf.summary.late).toBeLessThan(edf.summary.completed * 0.05);
    expect(edf.summary.onTime).toBeGreaterThan(fifo.summary.onTime);
  });
});

import { runSimulation } from '../run';
import type { RequestRecord } from '../output/types';
import { baseConfig, holdScaler, oneDeployment } from '../test-support/fixtures';
import { dataplaneEdf } from './dataplane-adapters';

// Sponge's EDF queue (packages/dataplane) driven by the simulator: one pod, deadlines from
// per-second network delays (deadline = arrival + SLO − delay of the arrival's second).
const SLO = 1000;

async function run(arrivals: number[], delays: number[], batch: number, batchMs: (k: number) => number): Promise<RequestRecord[]> {
  const records: RequestRecord[] = [];
  const config = baseConfig({
    arrivals,
    networkDelayMs: delays,
    sloMs: SLO,
    stages: [{ name: 'main', policy: dataplaneEdf() }],
    service: { workers: () => 1, batchTime: (_v, k) => ({ meanMs: batchMs(k) }) },
    initial: oneDeployment('m', 1, 1, batch),
    onRequest: (r) => records.push(r),
  });
  await runSimulation({ config, scaler: holdScaler });
  return records;
}

const deadline = (r: RequestRecord, delays: number[]): number => r.arrivalMs + SLO - (delays[Math.floor(r.arrivalMs / 1000) % delays.length] as number);

describe('the EDF queue in the simulator', () => {
  it('starts, among the requests waiting, the one with the earliest deadline (later arrivals overtake)', async () => {
    const delays = [0, 600, 0, 0];
    const records = await run([30, 10, 0, 0], delays, 1, () => 40);
    const served = records.filter((r) => r.startMs >= 0);
    let overtakes = 0;
    for (const r of served) {
      const waitingEarlier = records.filter((q) => {
        const leftMs = q.startMs >= 0 ? q.startMs : q.endMs;
        return q !== r && q.arrivalMs < r.startMs && leftMs > r.startMs && deadline(q, delays) < deadline(r, delays);
      });
      expect(waitingEarlier).toEqual([]);
      overtakes += served.filter((q) => q.arrivalMs < r.arrivalMs && q.startMs > r.startMs).length;
    }
    expect(overtakes).toBeGreaterThan(0);
  });

  it('drops at admission a request that could not finish even if served at once, and serves none late', async () => {
    const delays = [0, 0, 990, 0];
    const records = await run([5, 5, 5, 0], delays, 1, () => 40);
    const hopeless = records.filter((r) => Math.floor(r.arrivalMs / 1000) === 2);
    expect(hopeless).toHaveLength(5);
    for (const r of hopeless) expect(r).toMatchObject({ outcome: 'dropped', startMs: -1, endMs: r.arrivalMs });
    expect(records.filter((r) => r.outcome === 'late')).toEqual([]);
    expect(records.filter((r) => r.outcome === 'on-time')).toHaveLength(10);
  });

  it('batches up to the pod batch size, full under load, and holds a lone request until its latest start', async () => {
    const batchMs = (k: number): number => 20 + 10 * k;
    const busy = await run(new Array(5).fill(60), [0], 4, batchMs);
    const sizes = new Map<number, number>();
    for (const r of busy) if (r.startMs >= 0) sizes.set(r.startMs, (sizes.get(r.startMs) ?? 0) + 1);
    expect(Math.max(...sizes.values())).toBe(4);
    expect([...sizes.values()].filter((n) => n === 4).length).toBeGreaterThan(sizes.size / 2);

    const quiet = await run([1, 0, 0], [200], 4, batchMs);
    expect(quiet).toHaveLength(1);
    const lone = quiet[0] as RequestRecord;
    // It waits for company until deadline − l(4), then leaves alone and is on time.
    expect(lone.startMs).toBeCloseTo(deadline(lone, [200]) - batchMs(4), 6);
    expect(lone.outcome).toBe('on-time');
  });
});

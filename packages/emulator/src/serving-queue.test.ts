import type { LatencyProfile } from './latency-model';
import { ServingQueue } from './serving-queue';

/** 10 ms per request plus 20 ms per batch, divided by the cores. */
const profile: LatencyProfile = { kind: 'sponge', gamma: 10, delta: 0, epsilon: 20, eta: 0 };

describe('ServingQueue', () => {
  it('serves at once while a worker is free, then queues', () => {
    const q = new ServingQueue(profile, { cores: 1, batch: 1, workers: 2 });
    expect(q.arrive(1, 0)).toEqual([{ id: 1, requestIds: [1], startMs: 0, endMs: 30 }]);
    expect(q.arrive(2, 5)).toEqual([{ id: 2, requestIds: [2], startMs: 5, endMs: 35 }]);
    expect(q.arrive(3, 6)).toEqual([]);
    expect([q.queued, q.inFlight]).toEqual([1, 3]);
    const { done, started } = q.complete(1, 30);
    expect(done.requestIds).toEqual([1]);
    expect(started).toEqual([{ id: 3, requestIds: [3], startMs: 30, endMs: 60 }]);
  });

  it('a free worker takes up to `batch` waiting requests in arrival order', () => {
    const q = new ServingQueue(profile, { cores: 2, batch: 3, workers: 1 });
    q.arrive(1, 0);
    for (const id of [2, 3, 4, 5]) q.arrive(id, 1);
    const { started } = q.complete(1, 15);
    // 3 requests on 2 cores: (10·3 + 20) / 2 = 25 ms.
    expect(started).toEqual([{ id: 2, requestIds: [2, 3, 4], startMs: 15, endMs: 40 }]);
    expect(q.queued).toBe(1);
  });

  it('new cores and batch apply to batches that start afterwards', () => {
    const q = new ServingQueue(profile, { cores: 1, batch: 1, workers: 1 });
    const [first] = q.arrive(1, 0);
    q.arrive(2, 1);
    q.arrive(3, 2);
    expect(q.reconfigure({ cores: 5, batch: 2, workers: 1 }, 3)).toEqual([]);
    expect(first.endMs).toBe(30);
    expect(q.complete(first.id, 30).started).toEqual([{ id: 2, requestIds: [2, 3], startMs: 30, endMs: 38 }]);
  });

  it('more workers start waiting requests at once', () => {
    const q = new ServingQueue(profile, { cores: 1, batch: 1, workers: 1 });
    q.arrive(1, 0);
    q.arrive(2, 0);
    expect(q.reconfigure({ cores: 1, batch: 1, workers: 2 }, 10).map((b) => b.requestIds)).toEqual([[2]]);
  });

  it('refuses, changing nothing, a config its latency table cannot serve', () => {
    const table: LatencyProfile = { kind: 'table', points: [{ batch: 2, cores: 2, latencyMs: 50 }] };
    expect(() => new ServingQueue(table, { cores: 1, batch: 1, workers: 1 })).toThrow(/no row for batch ≥ 1 at ≤ 1 cores/);
    const q = new ServingQueue(table, { cores: 2, batch: 2, workers: 1 });
    expect(q.problemWith({ cores: 2, batch: 3, workers: 1 })).toMatch(/no row for batch ≥ 3/);
    expect(() => q.reconfigure({ cores: 1, batch: 2, workers: 1 }, 0)).toThrow(/at ≤ 1 cores/);
    expect(q.config).toEqual({ cores: 2, batch: 2, workers: 1 });
    expect(q.arrive(1, 0)).toEqual([{ id: 1, requestIds: [1], startMs: 0, endMs: 50 }]);
  });

  it('completing an unknown batch is an error', () => {
    expect(() => new ServingQueue(profile, { cores: 1, batch: 1, workers: 1 }).complete(7, 0)).toThrow(/not running/);
  });
});

import { SHARED, SplitQueue } from './split-queue';

/** Which target each of n requests enqueued at times 0..n-1 went to. */
function assign(queue: SplitQueue<number>, n: number, from = 0): string[] {
  return Array.from({ length: n }, (_, i) => queue.enqueue(from + i, from + i));
}

describe('SplitQueue', () => {
  it('without shares, or with one target, is one queue every replica takes from', () => {
    const q = new SplitQueue<number>({});
    expect(q.split).toBe(false);
    expect(assign(q, 3)).toEqual([SHARED, SHARED, SHARED]);
    q.setShares({ a: 5, b: 0 });
    expect(q.split).toBe(false);
    expect(q.targets()).toEqual([SHARED]);
    expect(
      q
        .queue(SHARED)!
        .queued()
        .map((x) => x.request),
    ).toEqual([0, 1, 2]);
  });

  it('two shares assign requests by interleaved weighted round-robin, exactly per frame', () => {
    const q = new SplitQueue<number>({ shares: { hi: 3, lo: 1 } });
    expect(q.split).toBe(true);
    const targets = assign(q, 8);
    expect(targets).toEqual(['hi', 'hi', 'lo', 'hi', 'hi', 'hi', 'lo', 'hi']);
    expect(q.queue('hi')!.length).toBe(6);
    expect(q.queue('lo')!.length).toBe(2);
    expect(q.length).toBe(8);
    expect(q.shares()).toEqual({ hi: 3, lo: 1 });
  });

  it('each target forms its own batches at its own batch size', () => {
    const q = new SplitQueue<number>({ maxWaitMs: 1000, shares: { hi: 1, lo: 1 } });
    assign(q, 6);
    q.queue('hi')!.setBatchSize(3);
    q.queue('lo')!.setBatchSize(2);
    expect(q.queue('hi')!.takeBatch(5, true)).toEqual([0, 2, 4]);
    expect(q.queue('lo')!.takeBatch(5, true)).toEqual([1, 3]);
    expect(q.queue('lo')!.takeBatch(5, true)).toBeUndefined();
    expect(q.queue('lo')!.takeBatch(1005, true)).toEqual([5]);
  });

  it("new shares keep requests whose target stays; a leaving target's requests are assigned again, oldest first, with their times", () => {
    const q = new SplitQueue<number>({ maxWaitMs: 1000, shares: { a: 1, b: 1 } });
    assign(q, 4); // a: 0 2, b: 1 3
    q.queue('a')!.setBatchSize(4);
    q.setShares({ a: 1, c: 1 });
    expect([...q.targets()].sort()).toEqual(['a', 'c']);
    // b's 1 and 3 go by the new shares (a first, then c); a keeps 0 and 2 and its batch size.
    expect(q.queue('a')!.queued()).toEqual([
      { request: 0, enqueuedAtMs: 0 },
      { request: 1, enqueuedAtMs: 1 },
      { request: 2, enqueuedAtMs: 2 },
    ]);
    expect(q.queue('a')!.maxBatchSize).toBe(4);
    expect(q.queue('c')!.queued()).toEqual([{ request: 3, enqueuedAtMs: 3 }]);
    q.queue('c')!.setBatchSize(2);
    expect(q.queue('c')!.nextDeadlineMs()).toBe(1003);
  });

  it('back to one target: everything waiting joins the shared queue in arrival order', () => {
    const q = new SplitQueue<number>({ shares: { a: 2, b: 1 } });
    assign(q, 5);
    q.setShares({ a: 1 });
    expect(q.split).toBe(false);
    expect(
      q
        .queue(SHARED)!
        .queued()
        .map((x) => x.request),
    ).toEqual([0, 1, 2, 3, 4]);
    expect(q.shares()).toEqual({});
  });

  it('removeWhere drops from every target', () => {
    const q = new SplitQueue<number>({ shares: { a: 1, b: 1 } });
    assign(q, 6);
    expect(
      q
        .removeWhere((x) => x.request < 3)
        .map((x) => x.request)
        .sort(),
    ).toEqual([0, 1, 2]);
    expect(
      q
        .queued()
        .map((x) => x.request)
        .sort(),
    ).toEqual([3, 4, 5]);
  });

  it('a share that is not a whole number ≥ 0 throws naming the target and changes nothing', () => {
    const q = new SplitQueue<number>({ shares: { a: 1, b: 1 } });
    expect(() => q.setShares({ a: 1, b: 0.5 })).toThrow(/quota of "b" must be an integer/);
    expect(q.shares()).toEqual({ a: 1, b: 1 });
  });
});

import { BatchingQueue } from './batching-queue';

/** Enqueues ids 0..n-1 at the given times. */
function queueWith(times: number[], maxBatchSize: number, maxWaitMs?: number): BatchingQueue<number> {
  const queue = new BatchingQueue<number>({ maxBatchSize, maxWaitMs });
  times.forEach((t, id) => queue.enqueue(id, t));
  return queue;
}

describe('BatchingQueue', () => {
  it.each([
    { name: 'full batch leaves at once', times: [0, 10, 20], b: 3, now: 20, expected: [0, 1, 2] },
    { name: 'full batch takes only b, oldest first', times: [0, 1, 2, 3, 4], b: 2, now: 4, expected: [0, 1] },
    { name: 'partial batch waits before max wait', times: [0, 300], b: 4, now: 999, expected: undefined },
    { name: 'partial batch leaves at max wait of the oldest', times: [0, 300], b: 4, now: 1000, expected: [0, 1] },
    { name: 'custom max wait', times: [50], b: 8, now: 250, wait: 200, expected: [0] },
    { name: 'empty queue', times: [], b: 2, now: 5000, expected: undefined },
  ])('$name', ({ times, b, now, wait, expected }) => {
    expect(queueWith(times, b, wait).takeBatch(now, true)).toEqual(expected);
  });

  it('holds a due batch while no replica is free', () => {
    const queue = queueWith([0, 0], 2);
    expect(queue.takeBatch(0, false)).toBeUndefined();
    expect(queue.length).toBe(2);
    expect(queue.takeBatch(0, true)).toEqual([0, 1]);
  });

  it.each([
    { times: [], b: 2, expected: undefined },
    { times: [100], b: 2, expected: 1100 },
    { times: [100, 400], b: 2, expected: 400 },
    { times: [100, 400, 1500], b: 3, expected: 1100 },
  ])('nextDeadlineMs for arrivals $times with b=$b is $expected', ({ times, b, expected }) => {
    expect(queueWith(times, b).nextDeadlineMs()).toBe(expected);
  });

  it('drives like a simulator: wakes at nextDeadlineMs and gets the batch exactly then', () => {
    const queue = queueWith([0, 200, 700], 4);
    const wake = queue.nextDeadlineMs() as number;
    expect(queue.takeBatch(wake - 1, true)).toBeUndefined();
    expect(queue.takeBatch(wake, true)).toEqual([0, 1, 2]);
    expect(queue.nextDeadlineMs()).toBeUndefined();
  });

  it('after a batch, the next deadline follows the new oldest request', () => {
    const queue = queueWith([0, 1, 600], 2);
    expect(queue.takeBatch(1, true)).toEqual([0, 1]);
    expect(queue.nextDeadlineMs()).toBe(1600);
  });

  it('a new batch size applies to the next batch and keeps the queue', () => {
    const queue = queueWith([0, 0, 0, 0, 0], 4);
    queue.setBatchSize(2);
    expect(queue.takeBatch(0, true)).toEqual([0, 1]);
    queue.setBatchSize(8);
    expect(queue.takeBatch(0, true)).toBeUndefined();
    expect(queue.takeBatch(1000, true)).toEqual([2, 3, 4]);
  });

  it('removes expired requests and keeps the rest in order', () => {
    const queue = queueWith([0, 100, 200, 300], 8);
    const removed = queue.removeWhere((q) => q.enqueuedAtMs < 150);
    expect(removed.map((q) => q.request)).toEqual([0, 1]);
    expect(queue.queued().map((q) => q.request)).toEqual([2, 3]);
    expect(queue.nextDeadlineMs()).toBe(1200);
  });

  it('rejects bad settings', () => {
    expect(() => new BatchingQueue({ maxBatchSize: 0 })).toThrow(/batch size/);
    expect(() => new BatchingQueue({ maxBatchSize: 1025 })).toThrow(/batch size must be an integer from 1 to 1024, got 1025/);
    expect(() => new BatchingQueue({ maxBatchSize: 1e15 })).toThrow(/batch size/);
    expect(new BatchingQueue({ maxBatchSize: 1024 }).maxBatchSize).toBe(1024);
    expect(() => new BatchingQueue({ maxBatchSize: 1, maxWaitMs: -1 })).toThrow(/maxWaitMs/);
  });

  it('reads a clock that steps back as time standing still: no error, FIFO kept, a full batch leaves at once', () => {
    const queue = queueWith([1000, 400], 2); // the clock stepped back 600 ms between the two
    expect(queue.queued().map((q) => [q.request, q.enqueuedAtMs])).toEqual([
      [0, 1000],
      [1, 1000],
    ]);
    expect(queue.takeBatch(400, true)).toEqual([0, 1]);
  });

  it('after a step back, a partial batch leaves once the clock is past the max wait of the oldest again', () => {
    const queue = queueWith([1000, 400], 4, 100);
    expect(queue.takeBatch(500, true)).toBeUndefined();
    expect(queue.takeBatch(1100, true)).toEqual([0, 1]);
  });

  it('stays FIFO over many batches (the compacting path)', () => {
    const queue = new BatchingQueue<number>({ maxBatchSize: 3 });
    const out: number[] = [];
    for (let i = 0; i < 5000; i++) {
      queue.enqueue(i, i);
      out.push(...(queue.takeBatch(i, true) ?? []));
    }
    expect(out).toEqual(Array.from({ length: 4998 }, (_, i) => i));
  });
});

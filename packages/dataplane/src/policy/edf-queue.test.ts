import { EdfQueue, type LatePolicy } from './edf-queue';
import { requestBudget } from './request-budget';

/** Service time 10 ms + 5 ms per request: a batch of 1 takes 15 ms, of 4 takes 30 ms. */
const linear = (b: number) => 10 + 5 * b;

function edf(batchSize: number, latePolicy: LatePolicy = 'drop') {
  return new EdfQueue<string>({ batchSize, serviceTimeMs: linear, latePolicy });
}

describe('requestBudget', () => {
  it.each([
    { timing: { arrivalMs: 1000, sentAtMs: 800, sloMs: 1000 }, expected: { networkDelayMs: 200, remainingMs: 800, deadlineMs: 1800 } },
    { timing: { arrivalMs: 1000, sloMs: 500 }, expected: { networkDelayMs: 0, remainingMs: 500, deadlineMs: 1500 } },
    { timing: { arrivalMs: 1000, sentAtMs: 1030, sloMs: 500 }, expected: { networkDelayMs: 0, remainingMs: 500, deadlineMs: 1500 } },
    { timing: { arrivalMs: 1000, sentAtMs: 0, sloMs: 700 }, expected: { networkDelayMs: 1000, remainingMs: -300, deadlineMs: 700 } },
  ])('$timing gives $expected', ({ timing, expected }) => {
    expect(requestBudget(timing)).toEqual(expected);
  });
});

describe('EdfQueue', () => {
  it('serves earliest deadline first, arrival order breaking ties', () => {
    const queue = edf(2);
    queue.admit('loose', { arrivalMs: 0, sloMs: 900 });
    queue.admit('tight', { arrivalMs: 0, sloMs: 300 });
    queue.admit('mid-a', { arrivalMs: 0, sloMs: 600 });
    queue.admit('mid-b', { arrivalMs: 100, sentAtMs: 0, sloMs: 600 }); // same deadline 600, later
    expect(queue.takeBatch(100, true)?.map((e) => e.payload)).toEqual(['tight', 'mid-a']);
    expect(queue.takeBatch(100, true)?.map((e) => e.payload)).toEqual(['mid-b', 'loose']);
  });

  it('uses the remaining budget, not the SLO: an older send time makes a request more urgent', () => {
    const queue = edf(1);
    queue.admit('fast-network', { arrivalMs: 1000, sentAtMs: 990, sloMs: 1000 }); // deadline 1990
    queue.admit('slow-network', { arrivalMs: 1000, sentAtMs: 400, sloMs: 1000 }); // deadline 1400
    expect(queue.queuedBudgetsMs(1000)).toEqual([400, 990]);
    expect(queue.takeBatch(1400, true)?.map((e) => e.payload)).toEqual(['slow-network']);
  });

  it.each([
    { name: 'empty', arrivals: [], b: 4, expected: undefined },
    // deadline 200 − s(4)=30 → latest start 170
    { name: 'one waiting, batch 4', arrivals: [{ at: 0, slo: 200 }], b: 4, expected: 170 },
    // the most urgent decides: min deadline 150 − 30
    {
      name: 'most urgent decides',
      arrivals: [
        { at: 0, slo: 200 },
        { at: 10, slo: 140 },
      ],
      b: 4,
      expected: 120,
    },
    // full at the second admit (t=10): ready since then
    {
      name: 'full batch',
      arrivals: [
        { at: 0, slo: 900 },
        { at: 10, slo: 900 },
      ],
      b: 2,
      expected: 10,
    },
  ])('nextDeadlineMs: $name → $expected', ({ arrivals, b, expected }) => {
    const queue = edf(b);
    arrivals.forEach((a, i) => queue.admit(`r${i}`, { arrivalMs: a.at, sloMs: a.slo }));
    expect(queue.nextDeadlineMs()).toBe(expected);
  });

  it('waits to fill the batch, then dispatches partial at the last safe moment', () => {
    const queue = edf(4);
    queue.admit('a', { arrivalMs: 0, sloMs: 200 });
    queue.admit('b', { arrivalMs: 50, sloMs: 500 });
    expect(queue.takeBatch(169, true)).toBeUndefined();
    const batch = queue.takeBatch(170, true);
    expect(batch?.map((e) => e.payload)).toEqual(['a', 'b']);
    // served as a batch of 2 from 170: done at 190 ≤ a's deadline 200
    expect(170 + linear(batch?.length ?? 0)).toBeLessThanOrEqual(200);
  });

  it('dispatches as soon as the batch is full', () => {
    const queue = edf(3);
    ['a', 'b', 'c'].forEach((id, i) => queue.admit(id, { arrivalMs: i, sloMs: 10_000 }));
    expect(queue.takeBatch(2, true)?.map((e) => e.payload)).toEqual(['a', 'b', 'c']);
  });

  it('holds while the server is busy', () => {
    const queue = edf(1);
    queue.admit('a', { arrivalMs: 0, sloMs: 100 });
    expect(queue.takeBatch(50, false)).toBeUndefined();
    expect(queue.length).toBe(1);
  });

  it.each([
    // s(1) = 15 ms: a budget of 15 is just enough, 14 is not
    { budget: 15, startDelay: 0, policy: 'drop' as const, kind: 'queued' },
    { budget: 14, startDelay: 0, policy: 'drop' as const, kind: 'dropped' },
    { budget: 14, startDelay: 0, policy: 'serve-late' as const, kind: 'late' },
    { budget: 100, startDelay: 90, policy: 'drop' as const, kind: 'dropped' }, // server busy 90 ms more
    { budget: 100, startDelay: 85, policy: 'drop' as const, kind: 'queued' },
  ])('admission with $budget ms left, start in $startDelay ms, policy $policy → $kind', ({ budget, startDelay, policy, kind }) => {
    const queue = edf(4, policy);
    const admission = queue.admit('r', { arrivalMs: 1000, sentAtMs: 900, sloMs: budget + 100 }, 1000 + startDelay);
    expect(admission.kind).toBe(kind);
    expect(queue.length).toBe(kind === 'queued' ? 1 : 0);
  });

  it('says why a request was dropped and counts it', () => {
    const queue = edf(4);
    const admission = queue.admit('r', { arrivalMs: 0, sloMs: 10 });
    expect(admission.kind === 'dropped' && admission.reason).toMatch(/would still be 5 ms late/);
    expect(queue.counts()).toEqual({ admitted: 1, late: 0, dropped: 1, batches: 0 });
  });

  it('serves late requests only when no on-time request waits', () => {
    const queue = edf(2, 'serve-late');
    queue.admit('late', { arrivalMs: 0, sloMs: 5 });
    queue.admit('on-time', { arrivalMs: 0, sloMs: 1000 });
    expect(queue.lateLength).toBe(1);
    expect(queue.takeBatch(979, true)).toBeUndefined(); // 1000 − s(2) = 980
    expect(queue.takeBatch(980, true)?.map((e) => e.payload)).toEqual(['on-time']);
    expect(queue.nextDeadlineMs()).toBe(0);
    expect(queue.takeBatch(980, true)?.map((e) => e.payload)).toEqual(['late']);
    expect(queue.counts()).toMatchObject({ late: 1, dropped: 0, batches: 2 });
  });

  it('expire() takes out requests that became hopeless while waiting, most urgent first', () => {
    const queue = edf(4);
    queue.admit('a', { arrivalMs: 0, sloMs: 100 }); // hopeless after t=85
    queue.admit('b', { arrivalMs: 0, sloMs: 120 }); // hopeless after t=105
    queue.admit('c', { arrivalMs: 0, sloMs: 500 });
    expect(queue.expire(85)).toEqual([]);
    const expired = queue.expire(106);
    expect(expired.map((x) => [x.kind, x.entry.payload])).toEqual([
      ['dropped', 'a'],
      ['dropped', 'b'],
    ]);
    expect(queue.queuedBudgetsMs(106)).toEqual([394]);
  });

  it('nextExpiryMs() is when expire() next sets a request aside: the most urgent deadline less a batch of one', () => {
    const queue = edf(4);
    expect(queue.nextExpiryMs()).toBeUndefined();
    queue.admit('b', { arrivalMs: 0, sloMs: 120 });
    queue.admit('a', { arrivalMs: 0, sloMs: 100 });
    expect(queue.nextExpiryMs()).toBe(85); // 100 − s(1) = 85
    expect(queue.expire(85)).toEqual([]);
    expect(queue.expire(85.5).map((x) => x.entry.payload)).toEqual(['a']);
    expect(queue.nextExpiryMs()).toBe(105);
  });

  it('a smaller batch size or a slower server moves the dispatch time', () => {
    const queue = edf(4);
    queue.admit('a', { arrivalMs: 0, sloMs: 200 });
    expect(queue.nextDeadlineMs()).toBe(170);
    queue.setBatchSize(1);
    expect(queue.nextDeadlineMs()).toBe(0); // full: ready since its admission
    queue.setBatchSize(2);
    queue.setServiceTimeEstimator((b) => 50 * b);
    expect(queue.nextDeadlineMs()).toBe(100);
  });
});

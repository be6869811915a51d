import { arrivalRise, burstBacklog } from './burst-backlog';

describe('burstBacklog', () => {
  it('leaves what runs drains before new replicas serve out of the plan', () => {
    // 10 req/s over the arrivals drain 100 in 10 s: 40 queued are gone in 4 s, 150 leave 50.
    expect(burstBacklog(40, 30, 20, 10)).toEqual({ remaining: 0, drainS: 4 });
    expect(burstBacklog(150, 30, 20, 10)).toEqual({ remaining: 50, drainS: 15 });
  });

  it('counts the whole backlog when what runs falls behind the arrivals, keeps up only just, or new replicas serve at once', () => {
    expect(burstBacklog(40, 20, 25, 10)).toEqual({ remaining: 40 });
    expect(burstBacklog(40, 20, 20, 10)).toEqual({ remaining: 40 });
    expect(burstBacklog(40, 30, 20, 0)).toEqual({ remaining: 40, drainS: 4 });
    expect(burstBacklog(0, 30, 20, 10)).toEqual({ remaining: 0 });
  });

  it('counts a rising load at its mean over the wait: a surge that goes on leaves the backlog in the plan', () => {
    // Rising 1 req/s per s: 25 on average over the 10 s, 5 spare drain 50 of the 180.
    expect(burstBacklog(180, 30, 20, 10, 1)).toEqual({ remaining: 130, drainS: 36 });
    expect(burstBacklog(40, 30, 20, 10, 2)).toEqual({ remaining: 40 });
    // A falling load is not counted on.
    expect(burstBacklog(40, 30, 20, 10, -3)).toEqual({ remaining: 0, drainS: 4 });
  });

  it('reads the rise from the last 10 s of arrivals', () => {
    expect(arrivalRise([10, 10, 10, 10, 10, 15, 15, 15, 15, 15])).toBe(1);
    expect(arrivalRise([1, 2, 3, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10])).toBe(0);
    expect(arrivalRise([5, 5])).toBe(0);
  });
});

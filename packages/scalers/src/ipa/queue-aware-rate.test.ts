import { queueAwareRate } from './queue-aware-rate';

const base = { windowS: 60, backlog: 0, slackS: 2, floorS: 10 };

describe('queueAwareRate: what the queues must carry for no request to wait past the slack', () => {
  it('a steady load needs its rate, not its busiest second', () => {
    // 5 req/s with a second of 9 now and then: the busiest second is 9, the need stays near 5.4.
    const history = Array.from({ length: 60 }, (_, i) => (i % 10 === 3 ? 9 : 5 - (i % 10 === 7 ? 1 : 0)) as number);
    const need = queueAwareRate({ ...base, history });
    expect(need).toBeGreaterThanOrEqual(5);
    expect(need).toBeLessThan(5.5);
  });

  it('the busiest 10 s in the window sets the floor: a load that goes on needs its rate', () => {
    const history = [...new Array(50).fill(4), ...new Array(10).fill(8)];
    expect(queueAwareRate({ ...base, history })).toBeCloseTo(8, 9);
  });

  it('a backlog adds what drains it: the latest 10 s rate + backlog / max(slack, 10 s), or the backlog within the slack', () => {
    const history = new Array(60).fill(10);
    expect(queueAwareRate({ ...base, history, backlog: 40 })).toBeCloseTo(Math.max(10 + 40 / 10, (40 + 10) / (1 + 2)), 9);
    // A long slack: the backlog with the busiest stretch of each length, over that length plus the slack.
    expect(queueAwareRate({ ...base, history, backlog: 40, slackS: 20 })).toBeCloseTo(10 + 40 / 20, 9);
  });

  it('a short burst within the slack needs less than its rate', () => {
    const history = [...new Array(57).fill(2), 12, 12, 12];
    const need = queueAwareRate({ ...base, history, slackS: 3 });
    // (36 + 0) / (3 + 3) = 6: the three busy seconds drain within the slack at 6 req/s.
    expect(need).toBeCloseTo(Math.max(6, (36 + 14) / 10), 9);
    expect(need).toBeLessThan(12);
  });

  it('no history: the backlog within the slack', () => {
    expect(queueAwareRate({ ...base, history: [], backlog: 10 })).toBe(5);
  });
});

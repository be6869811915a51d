import { noiseShifted, queueAwareRate } from './queue-aware-rate';

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

  // 10 s at 25, 30 and 27 req/s: the busiest 10 s (30) is noise as much as load.
  const blocks = [...new Array<number>(10).fill(25), ...new Array<number>(10).fill(30), ...new Array<number>(10).fill(27)];

  it('noise sustained: the floor is the window mean + z of its Poisson noise, not the busiest 10 s', () => {
    const at = { ...base, windowS: 30, history: blocks };
    expect(queueAwareRate(at)).toBeCloseTo(30, 9);
    const mean = 820 / 30;
    expect(queueAwareRate({ ...at, noise: { kind: 'sustained', z: 0.5 } })).toBeCloseTo(mean + 0.5 * Math.sqrt(mean / 30), 9);
    expect(queueAwareRate({ ...at, noise: { kind: 'sustained', z: 0 } })).toBeCloseTo(mean, 9);
    // The latest 10 s with the backlog still count: a load that rose lately is not averaged away.
    const rose = [...new Array<number>(20).fill(10), ...new Array<number>(10).fill(30)];
    expect(queueAwareRate({ ...at, history: rose, noise: { kind: 'sustained', z: 0.5 } })).toBeCloseTo(30, 9);
  });

  it('noise discount (a check): the floor less z of its noise; the backlog counts in full', () => {
    const at = { ...base, windowS: 10, history: blocks };
    const floor = 27 - 3 * Math.sqrt(27 / 10);
    // Without a backlog the busiest stretch over the slack is the need: 270 / (10 + 2).
    expect(queueAwareRate({ ...at, noise: { kind: 'discount', z: 3 } })).toBeCloseTo(Math.max(floor, 270 / 12), 9);
    expect(queueAwareRate(at)).toBeCloseTo(27, 9);
    expect(queueAwareRate({ ...at, backlog: 40, noise: { kind: 'discount', z: 3 } })).toBeCloseTo(floor + 40 / 10, 9);
  });

  it('noiseShifted: z standard deviations of a rate measured over some seconds, never below 0', () => {
    expect(noiseShifted(10, 10, 2)).toBeCloseTo(12, 9);
    expect(noiseShifted(10, 10, -2)).toBeCloseTo(8, 9);
    expect(noiseShifted(1, 10, -5)).toBe(0);
    expect(noiseShifted(0, 10, 3)).toBe(0);
  });

  it('no history: the backlog within the slack', () => {
    expect(queueAwareRate({ ...base, history: [], backlog: 10 })).toBe(5);
  });
});

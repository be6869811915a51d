import { createInfAdapterScaler, type InfAdapterState } from './infadapter-scaler';
import { parseInfAdapterConfig } from './infadapter-config';
import { INFADAPTER_DETAIL_KEYS } from './detail-keys';
import { cluster, coresOf, forecast, quotasOf, small } from '../test-support/infadapter-scaler-fixture';

describe('InfAdapter scaler: the burst spare (improved, opt-in)', () => {
  const spared = { ...small, method: 'improved', objective: { alpha: 0.05, beta: 0 }, burstSpare: { holdFor: '1m' } };
  const scaler = createInfAdapterScaler(spared);
  const tick = (nowMs: number, state: InfAdapterState, arrivals: number[], running: Record<string, number>, routed = Object.keys(running)) => {
    const c = cluster(running);
    c.routing[0]!.weights = Object.fromEntries(routed.map((n) => [n, 1]));
    return scaler.decide({ nowMs, observation: { nowMs, arrivalsPerSecond: arrivals }, forecast: forecast(10), cluster: c }, state);
  };
  const calm = [8, 9, 10];

  it('keeps no spare until a flash crowd has outrun the running variants', () => {
    const first = tick(30_000, { waited: 0 }, calm, { slow: 4 });
    expect(coresOf(first.decision)).toEqual({ slow: 4 });
    expect(first.state.spareVariant).toBeUndefined();
    // A rise the running variant carries grown in place (15 req/s, slow:8) is no flash crowd.
    const carried = tick(35_000, first.state, [10, 15, 15], { slow: 4 });
    expect(carried.state.lastFlashCrowdMs).toBeUndefined();
  });

  it('after one, the next plans keep the lightest variant at its fewest cores with no traffic, not counted as capacity', () => {
    const first = tick(30_000, { waited: 0 }, calm, { slow: 4 });
    // 60 req/s (66 with the margin, 6 × the last λ of 11) is beyond slow at the whole budget: a flash crowd.
    const crowd = tick(40_000, first.state, [15, 40, 60], { slow: 4 });
    expect(crowd.state.lastFlashCrowdMs).toBe(40_000);
    expect(crowd.decision.reason).toMatch(/a flash crowd \(≥ 2 × the last λ, 11 req\/s\): the plans of the next 1m keep the lightest variant loaded/);
    // Calm again: the regular plan is slow:4 for the load, and fast:1 beside it, routed nothing.
    const after = tick(60_000, { ...crowd.state, lastRegularMs: 30_000 }, calm, { slow: 4 });
    expect(coresOf(after.decision)).toEqual({ slow: 4, fast: 1 });
    expect(quotasOf(after.decision)).toEqual({ slow: 11 });
    expect(after.decision.reason).toMatch(/fast:1 kept loaded with no traffic for the next flash crowd \(the last 20 s ago\)/);
    expect(after.state.spareVariant).toBe('fast');
    // Running slow:4 and the spare: the capacity is slow's 12 req/s, not 22, so 14 req/s is a burst at once.
    const check = tick(61_000, after.state, [14, 14, 14], { slow: 4, fast: 1 }, ['slow']);
    expect(check.decision.kind).toBe('apply');
    expect(check.decision.kind === 'apply' && check.decision.details?.[INFADAPTER_DETAIL_KEYS.currentCapacityRps]).toBe(12);
  });

  it('meets the next flash crowd by growing the spare in place, which holds it for another holdFor', () => {
    const state: InfAdapterState = { waited: 0, lastRegularMs: 60_000, lastLambdaRps: 11, lastFlashCrowdMs: 40_000, spareVariant: 'fast' };
    const crowd = tick(75_000, state, [10, 20, 25], { slow: 4, fast: 1 }, ['slow']);
    // 25 req/s (28 with the margin, planned as 45) is beyond slow at the whole budget, within slow and the spare
    // grown in place: both take traffic, nothing that is not running starts (no model load).
    expect(Object.keys(coresOf(crowd.decision)).sort()).toEqual(['fast', 'slow']);
    const quotas = quotasOf(crowd.decision);
    expect(quotas.fast).toBeGreaterThan(0);
    expect(Object.values(quotas).reduce((a, b) => a + b, 0)).toBe(45);
    expect(crowd.state.lastFlashCrowdMs).toBe(75_000);
  });

  it('lets the spare go once holdFor has passed without a flash crowd', () => {
    const state: InfAdapterState = { waited: 0, lastRegularMs: 70_000, lastLambdaRps: 11, lastFlashCrowdMs: 40_000, spareVariant: 'fast' };
    const held = tick(100_000, state, calm, { slow: 4, fast: 1 }, ['slow']);
    expect(coresOf(held.decision)).toEqual({ slow: 4, fast: 1 });
    const gone = tick(101_000 + 30_000, { ...held.state, lastRegularMs: 100_000 }, calm, { slow: 4, fast: 1 }, ['slow']);
    expect(coresOf(gone.decision)).toEqual({ slow: 4 });
    expect(gone.state.spareVariant).toBeUndefined();
  });

  it('keeps the variant burstSpare.variant names instead of the lightest, and refuses one that is not configured', () => {
    const named = createInfAdapterScaler({ ...spared, burstSpare: { holdFor: '1m', variant: 'mid' } });
    const at = (nowMs: number, state: InfAdapterState, arrivals: number[]) =>
      named.decide({ nowMs, observation: { nowMs, arrivalsPerSecond: arrivals }, forecast: forecast(10), cluster: cluster({ slow: 4 }) }, state);
    const crowd = at(40_000, at(30_000, { waited: 0 }, calm).state, [15, 40, 60]);
    expect(crowd.decision.reason).toMatch(/the plans of the next 1m keep mid loaded/);
    const after = at(60_000, { ...crowd.state, lastRegularMs: 30_000 }, calm);
    expect(coresOf(after.decision)).toEqual({ slow: 4, mid: 1 });
    expect(quotasOf(after.decision)).toEqual({ slow: 11 });
    expect(after.state.spareVariant).toBe('mid');
    expect(() => parseInfAdapterConfig({ ...spared, burstSpare: { variant: 'tiny' } })).toThrow(
      /burstSpare\.variant: "tiny" is not one of the variants \(fast, mid, slow\)/,
    );
  });

  it('is off by default, and refused with the paper method, which would restart the spare to grow it', () => {
    expect(parseInfAdapterConfig({ ...small, method: 'improved' }).burstSpare).toBe('off');
    expect(parseInfAdapterConfig(spared).burstSpare).toEqual({ holdFor: 60_000, minRise: 2 });
    expect(() => parseInfAdapterConfig({ ...small, burstSpare: {} })).toThrow(/burstSpare: needs method "improved"/);
    expect(() => parseInfAdapterConfig({ ...spared, burstSpare: { minRise: 0.5 } })).toThrow(/burstSpare\.minRise/);
  });
});

import type { InfAdapterProblem, InfAdapterVariant } from '@infscale/solver';
import { burstSpareSettings, isFlashCrowd, lightestVariant, spareWanted, withBurstSpare } from './burst-spare';

const variant = (name: string, perCore: number, minCores = 1, from = 1): InfAdapterVariant => ({
  name,
  accuracy: 0.7 + 1 / perCore,
  loadTimeS: 6,
  minCores,
  maxCores: 8,
  currentCores: 0,
  capacityRps: Array.from({ length: 9 }, (_, n) => (n >= from && n > 0 ? perCore * n : undefined)),
});
const problem = (variants: InfAdapterVariant[], budgetCores = 8): InfAdapterProblem => ({
  variants,
  loadRps: 10,
  budgetCores,
  alpha: 0,
  beta: 0,
  fillOrder: 'greedy',
});
const settings = { holdForMs: 60_000, minRise: 2 };

describe('burst spare', () => {
  it('is the variant that serves the most at the most cores', () => {
    expect(lightestVariant(problem([variant('slow', 3), variant('fast', 10), variant('mid', 6)]))).toBe('fast');
    expect(lightestVariant(problem([]))).toBeUndefined();
  });

  it('joins a plan at its fewest profiled cores with a quota of 0', () => {
    const p = problem([variant('slow', 3), variant('fast', 10, 1, 2)]);
    const plan = [{ variant: 'slow', cores: 4, quotaRps: 11, capacityRps: 12 }];
    expect(withBurstSpare(p, plan)).toEqual({
      allocations: [...plan, { variant: 'fast', cores: 2, quotaRps: 0, capacityRps: 20 }],
      spare: { variant: 'fast', cores: 2, quotaRps: 0, capacityRps: 20 },
    });
  });

  it('is the named variant when one is given', () => {
    const p = problem([variant('slow', 3), variant('fast', 10), variant('mid', 6, 1, 3)]);
    const plan = [{ variant: 'slow', cores: 4, quotaRps: 11, capacityRps: 12 }];
    expect(withBurstSpare(p, plan, 'mid').spare).toEqual({ variant: 'mid', cores: 3, quotaRps: 0, capacityRps: 18 });
    expect(withBurstSpare(p, plan, 'slow')).toEqual({ allocations: plan });
  });

  it('is not added when the plan runs it already or the budget has no room', () => {
    const p = problem([variant('slow', 3), variant('fast', 10)], 5);
    expect(withBurstSpare(p, [{ variant: 'fast', cores: 2, quotaRps: 15, capacityRps: 20 }]).spare).toBeUndefined();
    const full = [{ variant: 'slow', cores: 5, quotaRps: 14, capacityRps: 15 }];
    expect(withBurstSpare(p, full)).toEqual({ allocations: full });
  });

  it('counts a burst as a flash crowd from minRise × the last λ, and is wanted for holdFor after one', () => {
    expect(isFlashCrowd(settings, 22, 11)).toBe(true);
    expect(isFlashCrowd(settings, 21, 11)).toBe(false);
    expect(isFlashCrowd(settings, 100, undefined)).toBe(false);
    expect(spareWanted(settings, 40_000, 100_000)).toBe(true);
    expect(spareWanted(settings, 40_000, 100_001)).toBe(false);
    expect(spareWanted(settings, undefined, 0)).toBe(false);
  });

  it('has settings only when on and the method is improved', () => {
    expect(burstSpareSettings({ method: 'improved', burstSpare: { holdFor: 1_000, minRise: 3 } })).toEqual({ holdForMs: 1_000, minRise: 3 });
    expect(burstSpareSettings({ method: 'improved', burstSpare: { holdFor: 1_000, minRise: 3, variant: 'mid' } })).toEqual({
      holdForMs: 1_000,
      minRise: 3,
      variant: 'mid',
    });
    expect(burstSpareSettings({ method: 'improved', burstSpare: 'off' })).toBeUndefined();
    expect(burstSpareSettings({ method: 'paper', burstSpare: { holdFor: 1_000, minRise: 3 } })).toBeUndefined();
  });
});

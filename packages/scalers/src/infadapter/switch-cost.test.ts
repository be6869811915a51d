import type { InfAdapterProblem, InfAdapterVariant } from '@infscale/solver';
import { keepRunning, startCost } from './switch-cost';

const variant = (name: string, currentCores: number, loadTimeS: number): InfAdapterVariant => ({
  name,
  accuracy: 0.7,
  loadTimeS,
  minCores: 1,
  maxCores: 20,
  currentCores,
  capacityRps: [undefined],
});
const problem: InfAdapterProblem = {
  variants: [variant('resnet50', 6, 6.82), variant('resnet101', 0, 7.77)],
  loadRps: 60,
  budgetCores: 20,
  alpha: 0.05,
  beta: 0.001,
  fillOrder: 'greedy',
};

describe('startCost: the objective paid for starting a variant', () => {
  it('charges α · cores · load time / budget over the interval for a variant not running, nothing for a resize', () => {
    const cost = startCost(
      problem,
      [
        { variant: 'resnet50', cores: 3, quotaRps: 30, capacityRps: 30 },
        { variant: 'resnet101', cores: 5, quotaRps: 30, capacityRps: 30 },
      ],
      30,
    );
    expect(cost).toBeCloseTo((0.05 * 5 * 7.77) / 30 / 20, 12);
    expect(startCost(problem, [{ variant: 'resnet50', cores: 9, quotaRps: 60, capacityRps: 90 }], 30)).toBe(0);
  });

  it('is 0 without a budget or an interval', () => {
    const start = [{ variant: 'resnet101', cores: 5, quotaRps: 60, capacityRps: 60 }];
    expect(startCost({ ...problem, budgetCores: 0 }, start, 30)).toBe(0);
    expect(startCost(problem, start, 0)).toBe(0);
  });
});

describe('keepRunning', () => {
  const choice = { gain: 0.002, cost: 0.003, coresStarting: 8, coresRunning: 6 };
  it('keeps what runs when starting a variant for accuracy gains no more than it costs', () => {
    expect(keepRunning(choice)).toBe(true);
    expect(keepRunning({ ...choice, gain: 0.003 })).toBe(true);
    expect(keepRunning({ ...choice, gain: 0.004 })).toBe(false);
    expect(keepRunning({ ...choice, gain: 0.001, cost: 0 })).toBe(false); // nothing starts: nothing to weigh
  });

  it('never holds back a plan that starts a variant to need fewer cores than the running ones would', () => {
    expect(keepRunning({ ...choice, coresStarting: 5 })).toBe(false);
    expect(keepRunning({ ...choice, coresStarting: 6 })).toBe(true);
  });
});

import { loadInfAdapterProfiles } from '@infscale/profiles';
import { runSimulation } from '../run';
import { holdScaler } from '../test-support/fixtures';
import { infAdapterScenario, infAdapterServingLimits, INFADAPTER_CLIENT_TIMEOUT_MS } from './infadapter';

const profiles = loadInfAdapterProfiles();

describe("infAdapterScenario serving limits (the paper's TF-Serving and dispatcher)", () => {
  it('bounds a pod queue at int(1.25 × the solver capacity at its cores)', () => {
    const limit = infAdapterServingLimits(profiles).podQueueLimit!;
    // resnet50 at 9 cores: int(0.8 · (10.321237 · 9 − 3)) = 71 req/s → int(88.75) = 88.
    expect(limit('resnet50', 9)).toBe(88);
    // resnet152 at 20 cores: int(0.8 · (3.814516 · 20 − 2)) = 59 → int(73.75) = 73.
    expect(limit('resnet152', 20)).toBe(73);
    expect(() => limit('vgg16', 4)).toThrow(/no capacity fit for InfAdapter variant "vgg16"/);
    expect(infAdapterServingLimits(profiles).clientTimeoutMs).toBe(INFADAPTER_CLIENT_TIMEOUT_MS);
  });

  it('an overloaded pod rejects instead of queueing for minutes: p99 stays near the queue length', async () => {
    // resnet152 at 2 cores carries ~7 req/s; 60 req/s for a minute.
    const config = infAdapterScenario({ profiles, arrivals: new Array<number>(60).fill(60), start: [{ variant: 'resnet152', cores: 2 }] });
    const { summary } = await runSimulation({ config, scaler: holdScaler });
    expect(summary.rejected).toBeGreaterThan(0.8 * summary.arrived);
    expect(summary.timedOut).toBe(0);
    expect(summary.latencyMs.p99).toBeLessThan(3000);
  });

  it('routes the start by the given weights (1 each when none are given)', async () => {
    const start = [
      { variant: 'resnet18', cores: 4, weight: 3 },
      { variant: 'resnet50', cores: 4, weight: 1 },
    ];
    const config = infAdapterScenario({ profiles, arrivals: new Array<number>(30).fill(40), start });
    expect(config.initial.routing).toEqual([{ stage: 'main', weights: { resnet18: 3, resnet50: 1 } }]);
    // The weights are what the router uses: 3 of every 4 requests go to ResNet18, whose accuracy weighs 3/4.
    const { summary } = await runSimulation({ config, scaler: holdScaler });
    const expected = (3 * profiles.variants.find((v) => v.name === 'resnet18')!.accuracy + profiles.variants.find((v) => v.name === 'resnet50')!.accuracy) / 4;
    expect(summary.accuracy).toBeCloseTo(expected, 2);
    const even = infAdapterScenario({ profiles, arrivals: [1], start: start.map(({ variant, cores }) => ({ variant, cores })) });
    expect(even.initial.routing[0]!.weights).toEqual({ resnet18: 1, resnet50: 1 });
  });
});

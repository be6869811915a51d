import { loadLatencyFits, loadSpongeProfile, type SpongeProfileName } from '@infscale/profiles';
import { fitLatencyModel, latencySamples } from './fit';

const reference = loadLatencyFits();

function fitOf(name: SpongeProfileName, maxBatch: number) {
  return fitLatencyModel(latencySamples(loadSpongeProfile(name), maxBatch));
}

describe('Sponge latency fit (normal equations) matches the scipy reference fits', () => {
  const cases: [string, SpongeProfileName, number][] = [
    ['resnet18_series303_load128rps.csv column model_latencies_p99, batch<= 16', 'resnet18', 16],
    ['resnet18_series303_load128rps.csv column model_latencies_p99, batch<= 32', 'resnet18', 32],
    ['resnet18_series308_load128rps.csv column model_latencies_p99, batch<= 16', 'resnet18-repeat', 16],
    ['yolov5s_series1_load16rps.csv column model_latencies_p99, batch<= 16', 'yolov5s', 16],
  ];
  it.each(cases)('%s', (data, name, maxBatch) => {
    const want = reference.find((f) => f.data === data)!;
    expect(want).toBeDefined();
    const got = fitOf(name, maxBatch)!;
    expect(got.n).toBe(want.n);
    for (const k of ['gamma', 'delta', 'epsilon', 'eta', 'rmseMs'] as const) expect(got[k]).toBeCloseTo(want[k], 5); // scipy's curve_fit stops at its own tolerance
  });

  it('recovers an exact model from noise-free samples', () => {
    const truth = { gamma: 18, delta: 4.5, epsilon: 45, eta: 1 };
    const samples = [1, 2, 4, 8].flatMap((c) =>
      [1, 2, 4, 8, 16].map((b) => ({ batch: b, cores: c, latencyMs: (truth.gamma * b) / c + truth.delta * b + truth.epsilon / c + truth.eta })),
    );
    const got = fitLatencyModel(samples)!;
    for (const k of ['gamma', 'delta', 'epsilon', 'eta'] as const) expect(got[k]).toBeCloseTo(truth[k], 9);
    expect(got.rmseMs).toBeLessThan(1e-9);
  });

  it('data that cannot separate the terms gives no fit', () => {
    expect(
      fitLatencyModel([
        { batch: 1, cores: 1, latencyMs: 5 },
        { batch: 1, cores: 1, latencyMs: 6 },
      ]),
    ).toBeUndefined();
  });
});

import { loadInfAdapterProfiles, loadIpaPipeline } from '@infscale/profiles';
import { Rng } from '../engine/random';
import { distributionParams, PodServiceTimes } from './service-model';
import { batchProfileServiceModel, capacityServiceModel, latencyModelServiceModel } from './service-models';

describe('service-time distributions', () => {
  it('shifted-exponential keeps the profiled mean and p99', () => {
    const { shiftMs, scaleMs } = distributionParams({ meanMs: 66, p99Ms: 88 }, 'shifted-exponential');
    expect(shiftMs + scaleMs).toBeCloseTo(66, 9);
    expect(shiftMs + scaleMs * Math.log(100)).toBeCloseTo(88, 9);
    const times = new PodServiceTimes({ workers: () => 1, batchTime: () => ({ meanMs: 66, p99Ms: 88 }) }, 'shifted-exponential');
    times.configure('v', 1, 1);
    const rng = new Rng(3);
    const draws = Array.from({ length: 100_000 }, () => times.sample(1, rng)).sort((a, b) => a - b);
    expect(draws.reduce((a, b) => a + b, 0) / draws.length).toBeCloseTo(66, 0);
    expect(Math.abs(draws[98_999] - 88)).toBeLessThan(1);
    expect(draws[0]).toBeGreaterThanOrEqual(shiftMs);
  });

  it('prices each configured batch size by its own time, and refuses a batch past the configured maximum', () => {
    const times = new PodServiceTimes({ workers: () => 1, batchTime: (_, k) => ({ meanMs: 100 * k }) }, 'deterministic');
    times.configure('v', 4, 1);
    const rng = new Rng(1);
    expect([1, 2, 4].map((k) => times.sample(k, rng))).toEqual([100, 200, 400]);
    // Priced as batch 4 it would cost too little: a policy that sends it has a bug the run must show.
    expect(() => times.sample(5, rng)).toThrow('a batch of 5 on a pod configured for batches of 1 to 4');
    expect(() => times.sample(0, rng)).toThrow(/a batch of 0/);
  });

  it('falls back to the mean when there is no p99 above it', () => {
    expect(distributionParams({ meanMs: 50, p99Ms: 40 }, 'shifted-exponential')).toEqual({ shiftMs: 50, scaleMs: 0 });
    expect(distributionParams({ meanMs: 50, p99Ms: 80 }, 'deterministic')).toEqual({ shiftMs: 50, scaleMs: 0 });
  });
});

describe('service models from the profiles', () => {
  it('InfAdapter: c workers, each c/capacity(c) per request, so a pod serves its profiled capacity', () => {
    const model = capacityServiceModel(loadInfAdapterProfiles().variants);
    // resnet18 at 20 cores: 473 req/s at SLO 1500 ms → 20 workers of 20/473 s each.
    expect(model.workers('resnet18', 20)).toBe(20);
    expect(model.batchTime('resnet18', 1, 20).meanMs).toBeCloseTo((20 * 1000) / 473, 9);
    // Half a core: half the 1-core capacity (21 req/s) on one worker.
    expect(model.batchTime('resnet18', 1, 0.5).meanMs).toBeCloseTo(1000 / 10.5, 9);
    expect(() => model.batchTime('vgg', 1, 1)).toThrow(/no profile for variant "vgg"/);
  });

  it('IPA: a batch of k takes k/throughput(k), scaled by base/cores; p99 from the profile', () => {
    const stage = loadIpaPipeline('video').stages[0];
    const model = batchProfileServiceModel(stage.variants);
    const v = stage.variants.find((x) => x.name === 'yolov5n');
    const p1 = v?.points.find((p) => p.batch === 1);
    const p2 = v?.points.find((p) => p.batch === 2);
    if (!p1 || !p2) throw new Error('profile changed');
    expect(model.batchTime('yolov5n', 1, 1)).toEqual({ meanMs: 1000 / p1.throughputRps, p99Ms: p1.latencyMs });
    expect(model.batchTime('yolov5n', 2, 2).meanMs).toBeCloseTo(2000 / p2.throughputRps / 2, 9);
    // Between profiled batches 2 and 8, throughput is interpolated linearly.
    const t8 = v?.points.find((p) => p.batch === 8)?.throughputRps as number;
    const t5 = p2.throughputRps + ((t8 - p2.throughputRps) * 3) / 6;
    expect(model.batchTime('yolov5n', 5, 1).meanMs).toBeCloseTo(5000 / t5, 9);
  });

  it('Sponge: l(b, c) = γb/c + δb + ε/c + η', () => {
    const model = latencyModelServiceModel({ r18: { gamma: 18.29, delta: 4.488, epsilon: 45.47, eta: 1.046 } });
    expect(model.batchTime('r18', 4, 2).meanMs).toBeCloseTo((18.29 * 4) / 2 + 4.488 * 4 + 45.47 / 2 + 1.046, 9);
    expect(model.workers('r18', 8)).toBe(1);
  });
});

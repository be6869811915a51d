import type { ClusterState, DeploymentUsage } from '@infscale/core';
import { capacityModel, emptyCapacityCalibration, steadyArrivals, updateCapacityCalibration, type CapacityCalibration } from './capacity-calibration';
import { parseInfAdapterConfig } from './infadapter-config';

/** Profiles of 10 and 4 req/s per core (1..16 cores); the "hardware" serves 20 % more. */
const config = parseInfAdapterConfig({
  budget: { cores: 16 },
  resourcePolicy: { maxCores: 16 },
  variants: [
    { name: 'fast', accuracy: 0.7, capacityRps: Array.from({ length: 16 }, (_, i) => 10 * (i + 1)) },
    { name: 'slow', accuracy: 0.8, capacityRps: Array.from({ length: 16 }, (_, i) => 4 * (i + 1)) },
  ],
});
const fast = config.variants[0]!;
const slow = config.variants[1]!;

const running = (cores: number, extra: Partial<ClusterState['deployments'][number]> = {}): ClusterState => ({
  deployments: [{ name: 'fast', variant: 'fast', stage: 'main', replicas: 1, cores, batch: 1, readyReplicas: 1, actualCores: cores, ...extra }],
  routing: [],
});

/** Every 5 s, `rps` requests at 1/12 core-second each (12 req/s per core, the profile says 10). */
function observe(state: CapacityCalibration, atMs: number, cluster: ClusterState, rps: number, cpu = rps / 12): CapacityCalibration {
  const usage: DeploymentUsage[] = [{ name: 'fast', arrivalRps: rps, cpuCoresPerPod: cpu, readyReplicas: 1 }];
  return updateCapacityCalibration(state, config, cluster, usage, atMs);
}

describe('capacity calibration: req/s per busy core from CPU usage', () => {
  it('is the profile as configured until a sample exists, then the measured rate', () => {
    let state = observe(emptyCapacityCalibration(), 0, running(8), 48);
    expect(capacityModel(state)).toBeUndefined(); // the first look only marks the cores
    state = observe(state, 5_000, running(8), 48);
    const model = capacityModel(state)!;
    expect(model(fast, 8)).toBe(96); // 12 req/s per core, planned at full utilization
    // The variant never measured: its profile × the speed-up the measured one showed (1.2).
    expect(model(slow, 10)).toBe(48);
  });

  it('takes no sample from a pod near saturation, an idle one, one being resized or one whose cores changed', () => {
    const base = observe(emptyCapacityCalibration(), 0, running(8), 48);
    expect(capacityModel(observe(base, 5_000, running(8), 200, 7.5))).toBeUndefined(); // 94 % busy: may be rejecting
    expect(capacityModel(observe(base, 5_000, running(8), 2, 0.2))).toBeUndefined(); // 2.5 % busy: noise
    expect(capacityModel(observe(base, 5_000, running(8, { resize: 'in-progress', actualCores: 4 }), 48))).toBeUndefined();
    expect(capacityModel(observe(base, 5_000, running(10), 48))).toBeUndefined();
  });

  it('takes no sample that implies an implausible speed: requests the pod was sent but did not serve', () => {
    const base = observe(emptyCapacityCalibration(), 0, running(1), 5);
    // The test-day case: a burst after idle minutes, averaged over the sample, 22.6 req/s sent to one core
    // at 60 % busy where the profile serves 10 per core: gain 3.8, the pod rejected most of them.
    expect(capacityModel(observe(base, 5_000, running(1), 22.6, 0.6))).toBeUndefined();
    // Just within 3 × the profile it still learns (a node may well be faster than where it was profiled).
    expect(capacityModel(observe(base, 5_000, running(1), 17.4, 0.6))!(fast, 1)).toBe(29);
  });

  it('takes no sample through a step of the load (idle seconds, then saturated ones, average to a moderate CPU)', () => {
    const base = updateCapacityCalibration(
      emptyCapacityCalibration(),
      config,
      running(4),
      [{ name: 'fast', arrivalRps: 1, cpuCoresPerPod: 0.1 }],
      0,
      [0, 0, 0, 0, 0],
    );
    // 18 idle minutes, then 43 req/s in the last second of the look: 8.6 req/s on average at 20 % busy.
    const usage = [{ name: 'fast', arrivalRps: 8.6, cpuCoresPerPod: 0.8, readyReplicas: 1 }];
    expect(capacityModel(updateCapacityCalibration(base, config, running(4), usage, 5_000, [0, 0, 0, 0, 0, 0, 0, 43]))).toBeUndefined();
    // The same usage over steady seconds is a sample.
    expect(capacityModel(updateCapacityCalibration(base, config, running(4), usage, 5_000, [0, 9, 8, 9, 9, 8]))).toBeDefined();
  });

  it('steadyArrivals: the busiest second within 1.5 × the mean and the quietest within mean / 1.5, ± 5 requests', () => {
    expect(steadyArrivals([0, 0, 0, 0, 43], 5)).toBe(false);
    expect(steadyArrivals([0, 34, 48, 31, 47], 5)).toBe(false); // mean 32: a step 0 → 48 within the look
    expect(steadyArrivals([48, 47, 0, 0, 0], 5)).toBe(false); // a fall: saturated, then idle
    expect(steadyArrivals([200, 260, 240, 250, 230], 5)).toBe(true);
    expect(steadyArrivals([1, 6, 0, 2, 3], 5)).toBe(true); // Poisson noise at 2 req/s
    expect(steadyArrivals([100, 100, 0, 0, 0, 0, 0], 5)).toBe(true); // only the look's own seconds count
    expect(steadyArrivals(undefined, 5)).toBe(true);
    expect(steadyArrivals([], 5)).toBe(true);
  });

  it("keeps the profile's shape: a sample at 1 core barely moves the model at 16 cores", () => {
    let state = observe(emptyCapacityCalibration(), 0, running(16), 120);
    state = observe(state, 60_000, running(16), 120); // 60 s at 16 cores: 12 req/s per core
    state = observe(state, 60_001, running(1), 8, 8 / 30); // now at 1 core, marked
    state = observe(state, 120_000, running(1), 8, 8 / 30); // 60 s at 1 core: 30 req/s per core (profile 10)
    const model = capacityModel(state)!;
    expect(model(fast, 16) / 16).toBeCloseTo(12, 0);
    expect(model(fast, 1)).toBeGreaterThan(20);
  });

  it('forgets: a sample loses half its weight in 10 minutes', () => {
    let state = observe(emptyCapacityCalibration(), 0, running(8), 48);
    state = observe(state, 5_000, running(8), 48);
    const before = state.variants.fast![8]!.weight;
    state = observe(state, 605_000, running(8, { readyReplicas: 0 }), 0);
    expect(state.variants.fast![8]!.weight).toBeCloseTo(before / 2, 9);
  });
});

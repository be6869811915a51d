import { profileFromCapacities, RESNET18_SPONGE_FIT, serviceTimeMs, type LatencyProfile } from './latency-model';

describe('serviceTimeMs', () => {
  it.each([
    [1, 1, 18.29 + 4.488 + 45.47 + 1.046],
    [4, 2, (18.29 * 4) / 2 + 4.488 * 4 + 45.47 / 2 + 1.046],
    [16, 16, 18.29 + 4.488 * 16 + 45.47 / 16 + 1.046],
  ])('Sponge model: batch %i on %i cores', (b, c, expected) => {
    expect(serviceTimeMs(RESNET18_SPONGE_FIT, b, c)).toBeCloseTo(expected, 9);
  });

  it('more cores never slow a batch down, a larger batch never speeds it up', () => {
    for (let b = 1; b <= 16; b++) {
      for (let c = 1; c < 16; c++) {
        expect(serviceTimeMs(RESNET18_SPONGE_FIT, b, c + 1)).toBeLessThan(serviceTimeMs(RESNET18_SPONGE_FIT, b, c));
        expect(serviceTimeMs(RESNET18_SPONGE_FIT, b + 1, c)).toBeGreaterThan(serviceTimeMs(RESNET18_SPONGE_FIT, b, c));
      }
    }
  });

  const table: LatencyProfile = {
    kind: 'table',
    points: [
      { batch: 1, cores: 1, latencyMs: 100 },
      { batch: 1, cores: 4, latencyMs: 40 },
      { batch: 4, cores: 1, latencyMs: 300 },
      { batch: 4, cores: 4, latencyMs: 90 },
    ],
  };

  it.each([
    ['an exact row', 1, 4, 40],
    ['between core counts: the fewer-cores row', 1, 3, 100],
    ['above the largest core count', 4, 8, 90],
    ['between batches: the larger batch', 2, 4, 90],
  ])('table: %s', (_what, b, c, expected) => {
    expect(serviceTimeMs(table, b, c)).toBe(expected);
  });

  it('table: no row is an error, not a guess', () => {
    expect(() => serviceTimeMs(table, 8, 4)).toThrow(/no row for batch ≥ 8/);
    expect(() => serviceTimeMs(table, 1, 0.5)).toThrow(/at ≤ 0.5 cores/);
  });

  it('rejects a batch below 1 or no cores', () => {
    expect(() => serviceTimeMs(RESNET18_SPONGE_FIT, 0, 1)).toThrow();
    expect(() => serviceTimeMs(RESNET18_SPONGE_FIT, 1, 0)).toThrow();
  });
});

describe('profileFromCapacities', () => {
  it('serves one request in cores / capacity seconds, skipping core counts without a capacity', () => {
    expect(profileFromCapacities([14, undefined, 53])).toEqual({
      kind: 'table',
      points: [
        { batch: 1, cores: 1, latencyMs: 71 },
        { batch: 1, cores: 3, latencyMs: 57 },
      ],
    });
    expect(serviceTimeMs(profileFromCapacities([14, 34]), 1, 2)).toBe(59);
    expect(() => profileFromCapacities([undefined])).toThrow(/no capacity/);
  });
});

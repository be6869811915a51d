import { profileFromCapacities, RESNET18_SPONGE_FIT, serviceTimeMs, servingProblem, type LatencyProfile } from './latency-model';

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

describe('servingProblem: can the profile serve every batch up to `batch` at `cores`', () => {
  const gappy: LatencyProfile = {
    kind: 'table',
    points: [
      { batch: 1, cores: 1, latencyMs: 40 },
      { batch: 4, cores: 2, latencyMs: 60 },
    ],
  };

  it('names the first batch a table has no row for', () => {
    expect(servingProblem(gappy, 1, 1)).toBeUndefined();
    // Batches 2 to 4 use the batch-4 row, measured at 2 cores only.
    expect(servingProblem(gappy, 4, 1)).toMatch(/no row for batch ≥ 2 at ≤ 1 cores/);
    expect(servingProblem(gappy, 4, 2)).toBeUndefined();
    expect(servingProblem(gappy, 5, 8)).toMatch(/no row for batch ≥ 5/);
  });

  it('refuses a time that is not a number ≥ 0 (a hand-written profile with a field missing)', () => {
    expect(servingProblem({ kind: 'sponge', gamma: 1, delta: 0, epsilon: 0 } as unknown as LatencyProfile, 1, 1)).toMatch(/NaN ms/);
    expect(servingProblem({ kind: 'sponge', gamma: 0, delta: 0, epsilon: 0, eta: -5 }, 1, 1)).toMatch(/-5 ms/);
    expect(servingProblem(RESNET18_SPONGE_FIT, 1024, 0.5)).toBeUndefined();
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

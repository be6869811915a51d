import { ConfigError, parseConfig } from '@infscale/core';
import { infAdapterSectionSchema } from './infadapter-section';

/** The scaler's config from a section, as the app and the chart's --validate read it. */
const parseSection = (section: Record<string, unknown>) => parseConfig(infAdapterSectionSchema, section, 'infadapter config');

// A section as `infscale profile` writes it (and as the chart passes it to the scaler).
const profiled = {
  slo: { latencyMs: 500 },
  variants: [
    {
      name: 'small',
      image: 'registry.local/small:1',
      accuracy: 0.7,
      loadTimeS: 3,
      capacity: [
        { cores: 2, sloMs: 500, capacityRps: 300 },
        { cores: 4, sloMs: 500, capacityRps: 610 },
        { cores: 4, sloMs: 1000, capacityRps: 700 },
      ],
    },
    { name: 'large', accuracy: 0.8, capacityFit: { slopeRpsPerCore: 40, interceptRps: -5 } },
  ],
};

describe('the infadapter section with profiled points and fits', () => {
  it("turns profiled points and fits into the capacity table at the SLO, as the paper's fit × 0.8", () => {
    // The paper's method: the fit at the SLO × 0.8 (the improved method's default is the table).
    const config = parseSection({ ...profiled, method: 'paper' });
    const [small, large] = config.variants;
    // Least squares through (2, 300) and (4, 610): 155 req/s per core − 10; int(min(−10, 0.99)) = −10.
    expect(small).toMatchObject({ name: 'small', accuracy: 0.7, loadTimeS: 3 });
    expect(small!.capacityRps.slice(0, 4)).toEqual([
      Math.trunc(0.8 * (155 - 10)),
      Math.trunc(0.8 * (310 - 10)),
      Math.trunc(0.8 * (465 - 10)),
      Math.trunc(0.8 * (620 - 10)),
    ]);
    expect(large!.capacityRps[3]).toBe(Math.trunc(0.8 * (160 - 5)));
    // The image is the chart's, not the scaler's.
    expect(config.variants[0]).not.toHaveProperty('image');
  });

  it('gives the profiled capacities themselves with capacity: table, none where not profiled', () => {
    const config = parseSection({ ...profiled, capacity: 'table', variants: [profiled.variants[0]] });
    expect(config.variants[0]!.capacityRps.slice(0, 5)).toEqual([null, 300, null, 610, null]);
  });

  it('keeps the bundled profile for named variants beside described ones', () => {
    const config = parseSection({ profile: 'infadapter-resnet', variants: [{ name: 'resnet18' }, profiled.variants[1]!] });
    expect(config.variants.map((v) => v.name)).toEqual(['resnet18', 'large']);
    expect(config.variants[0]!.accuracy).toBeCloseTo(0.69758, 5);
  });

  it('names the variant and field that cannot be completed', () => {
    const noSlo = { ...profiled, slo: { latencyMs: 750 }, variants: [profiled.variants[0]] };
    expect(() => parseSection(noSlo)).toThrow(ConfigError);
    expect(() => parseSection(noSlo)).toThrow(/variants\.0\.capacity: no capacity that grows with cores at the SLO 750 ms to fit \(profiled SLOs: 500, 1000\)/);
    expect(() => parseSection({ variants: [{ name: 'x', capacity: [{ cores: 1, sloMs: 750, capacityRps: 5 }] }] })).toThrow(
      /variants\.0\.accuracy: a described variant needs its accuracy/,
    );
    expect(() => parseSection({ variants: [{ name: 'x', accuracy: 1, capacity: [{ cores: 0, sloMs: 750, capacityRps: 5 }] }] })).toThrow(
      /variants\.0\.capacity\.0\.cores/,
    );
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '@infscale/core';
import { loadInfAdapterProfiles } from '../infadapter';
import { fitCapacity } from './capacity-fit';
import { infAdapterProfilesOf, loadProfileFile, parseProfileText, spongeModelOf } from './load-profile-file';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'profile-file-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const written = `# as infscale profile writes it
scaler: infadapter
infadapter:
  slo: { latencyMs: 500 }
  budget: { cores: 8 }
  variants:
    - name: small
      accuracy: 0.7
      loadTimeS: 2
      capacity:
        - { cores: 2, sloMs: 500, capacityRps: 300 }
        - { cores: 4, sloMs: 500, capacityRps: 610 }
    - name: large
      accuracy: 0.8
      capacityRps: [null, 90, null, 190]
`;

describe('profile files', () => {
  it('reads an InfAdapter profile as the profiles the solver and the simulator read', () => {
    const file = join(dir, 'p.yaml');
    writeFileSync(file, written);
    const p = infAdapterProfilesOf(loadProfileFile(file));
    expect(p.variants.map((v) => v.name)).toEqual(['small', 'large']);
    expect(p.variants[1]!.capacity).toEqual([
      { cores: 2, sloMs: 500, capacityRps: 90 },
      { cores: 4, sloMs: 500, capacityRps: 190 },
    ]);
    expect(p.fits.small).toEqual({ slopeRpsPerCore: 155, interceptRps: -10, interceptUsedRps: -10 });
    expect(p.settings).toMatchObject({ sloMs: 500, maxCores: 8, alpha: loadInfAdapterProfiles().settings.alpha });
  });

  it('reads JSON the same way, and a file with the infadapter section alone', () => {
    const p = parseProfileText(
      JSON.stringify({ infadapter: { variants: [{ name: 'm', accuracy: 0.5, capacityFit: { slopeRpsPerCore: 10, interceptRps: 2 } }] } }),
      'p.json',
    );
    expect(p.scaler).toBe('infadapter');
    const profiles = infAdapterProfilesOf(p);
    expect(profiles.fits.m).toEqual({ slopeRpsPerCore: 10, interceptRps: 2, interceptUsedRps: 0 });
    // A fit alone gives the simulator capacities at the SLO for every core count of the budget.
    expect(profiles.variants[0]!.capacity).toHaveLength(20);
  });

  it('names the file and the field of every mistake', () => {
    const bad = (text: string) => {
      try {
        infAdapterProfilesOf(parseProfileText(text, 'bad.yaml'));
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(bad('a: [1,\n b: 2')).toMatch(/^bad\.yaml: .*not valid YAML or JSON.*line 2/);
    expect(bad('foo: 1')).toMatch(/bad\.yaml: scaler: no scaler section/);
    expect(bad('infadapter: {variants: []}\nsponge: {}')).toMatch(/say which one with scaler/);
    expect(
      bad('scaler: infadapter\ninfadapter: {variants: [{name: m, accuracy: 1, capacity: [{cores: 1, sloMs: 750, capacityRps: 5, saturation: 9}]}]}'),
    ).toMatch(/bad\.yaml: infadapter\.variants\.0\.capacity\.0\.saturation: unknown field/);
    expect(bad('scaler: infadapter\ninfadapter: {variants: [{name: m, capacity: [{cores: 1, sloMs: 750, capacityRps: 5}]}]}')).toMatch(
      /infadapter\.variants\.0\.accuracy: a described variant needs its accuracy/,
    );
    expect(bad('scaler: infadapter\ninfadapter: {variants: [{name: m}]}')).toMatch(/infadapter\.variants\.0\.name: describe it/);
    expect(bad('scaler: infadapter\ninfadapter: {variants: [{name: m, accuracy: 1, capacityRps: [5]}, {name: m, accuracy: 1, capacityRps: [5]}]}')).toMatch(
      /infadapter\.variants\.1\.name: appears twice/,
    );
    expect(bad('scaler: sponge\nsponge: {latencyModel: {gamma: 1, delta: 1, epsilon: 1, eta: 1}}')).toMatch(
      /scaler: describes sponge, but this runs infadapter/,
    );
  });

  it("reads a Sponge profile's latency model and SLO", () => {
    const p = parseProfileText('sponge:\n  slo: {latencyMs: 800}\n  latencyModel: {gamma: 18.29, delta: 4.488, epsilon: 45.47, eta: 1.046}\n', 's.yaml');
    expect(spongeModelOf(p)).toEqual({ model: { gamma: 18.29, delta: 4.488, epsilon: 45.47, eta: 1.046 }, sloMs: 800 });
    expect(() => spongeModelOf(parseProfileText('sponge: {latencyModel: {gamma: 1}}', 's.yaml'))).toThrow(/s\.yaml: sponge\.latencyModel\.delta/);
  });

  it('refuses a missing file naming it', () => {
    expect(() => loadProfileFile(join(dir, 'nope.yaml'))).toThrow(/nope\.yaml: \(root\): cannot read: ENOENT/);
  });
});

describe('fitCapacity', () => {
  it('is the least-squares line, through the origin for one core count, and none when capacity does not grow', () => {
    expect(
      fitCapacity([
        { cores: 1, capacityRps: 10 },
        { cores: 2, capacityRps: 30 },
        { cores: 3, capacityRps: 50 },
      ]),
    ).toEqual({ slopeRpsPerCore: 20, interceptRps: -10, interceptUsedRps: -10 });
    expect(fitCapacity([{ cores: 4, capacityRps: 600 }])).toEqual({ slopeRpsPerCore: 150, interceptRps: 0, interceptUsedRps: 0 });
    expect(
      fitCapacity([
        { cores: 1, capacityRps: 10 },
        { cores: 2, capacityRps: 10 },
      ]),
    ).toBeUndefined();
    expect(fitCapacity([])).toBeUndefined();
  });
});

import { ConfigError, configJsonSchema, parseConfig, type JsonSchema } from '@infscale/core';
import { loadInfAdapterProfiles } from '@infscale/profiles';
import { z } from 'zod';
import { infAdapterVariantsFromProfiles } from './infadapter/from-profiles';
import { parseInfAdapterConfig } from './infadapter/infadapter-config';
import { infAdapterSectionSchema } from './infadapter/infadapter-section';
import { scalerRegistry } from './registry';
import { defineScaler } from './scaler-definition';
import { ScalerRegistry, UnknownScalerError } from './scaler-registry';
import { INFADAPTER_PAPER_VPA, SPONGE_PAPER_VPA } from './vpa/entry';

/** Fields (dotted paths) of a config's JSON Schema without a `.describe()` text. */
function undocumented(schema: JsonSchema, path = ''): string[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const nested = (s: JsonSchema): JsonSchema[] => [
    ...(s.properties ? [s] : []),
    ...(s.items ? nested(s.items as JsonSchema) : []),
    ...(typeof s.additionalProperties === 'object' ? nested(s.additionalProperties as JsonSchema) : []),
    ...((s.anyOf ?? []) as JsonSchema[]).flatMap(nested),
  ];
  return Object.entries(properties).flatMap(([name, field]) => [
    ...(typeof field.description === 'string' && field.description.length > 0 ? [] : [`${path}${name}`]),
    ...nested(field).flatMap((inner) => undocumented(inner, `${path}${name}.`)),
  ]);
}

describe('the scaler registry', () => {
  it('holds every scaler once, in the order of the tables and of --help', () => {
    expect(scalerRegistry.names).toEqual(['static', 'vpa', 'hpa', 'infadapter', 'ms-plus', 'ipa', 'sponge']);
    expect(scalerRegistry.deployed.map((e) => [e.name, e.deploy.dashboard])).toEqual([
      ['infadapter', 'infscale-infadapter'],
      ['ipa', 'infscale-ipa'],
      ['sponge', 'infscale-sponge'],
    ]);
  });

  it('names the closest scaler for an unknown name, and refuses a name registered twice', () => {
    expect(() => scalerRegistry.get('infadaptr')).toThrow(new UnknownScalerError('infadaptr', scalerRegistry.names));
    expect(() => scalerRegistry.get('infadaptr')).toThrow(/unknown scaler "infadaptr" \(did you mean infadapter\?\): known scalers are static, vpa/);
    expect(() => scalerRegistry.with(scalerRegistry.get('vpa'))).toThrow(/"vpa" is registered twice/);
  });

  it.each(scalerRegistry.names)('%s explains every field of its config (the chart schema and --help are written from it)', (name) => {
    expect(undocumented(configJsonSchema(scalerRegistry.get(name).configSchema))).toEqual([]);
  });

  it('validates a config once, for every caller, naming the field and what is valid', () => {
    const ipa = scalerRegistry.get('ipa');
    expect(() => ipa.create({ profile: 'video', interval: '1h30x' })).toThrow(ConfigError);
    expect(() => ipa.create({ profile: 'video', interval: '1h30x' })).toThrow(/^ipa config: interval: unknown unit "x"/);
    expect(() => scalerRegistry.get('hpa').create({ intervalMs: 1000 })).toThrow(/intervalMs: unknown field \(did you mean interval\?\)/);
    expect(ipa.create({ profile: 'video', interval: '1m30s', upscaleCheck: 'off' }).intervalMs).toBe(90_000);
  });

  it('builds the forecaster its loop uses with the scaler, and none for a reactive baseline', async () => {
    const ipa = await scalerRegistry.get('ipa').build({ profile: 'video', forecast: { model: 'max' } });
    expect(ipa.scaler.name).toBe('ipa');
    expect(ipa.forecaster?.name).toBe('last-max');
    const sponge = await scalerRegistry.get('sponge').build({ targetRef: { name: 'web' }, loadWindow: '3s' });
    expect(sponge.forecaster?.historySeconds).toBe(3);
    expect(await scalerRegistry.get('vpa').build({})).toEqual({ scaler: expect.objectContaining({ name: 'vpa' }) });
  });

  it("gives the papers' baselines on the papers' profiles: one VPA setup per paper, written once", () => {
    const vpa = scalerRegistry.get('vpa');
    expect(vpa.defaults('infadapter')).toEqual(INFADAPTER_PAPER_VPA);
    expect(vpa.defaults('sponge')).toEqual(SPONGE_PAPER_VPA);
    expect(vpa.defaults('ipa')).toEqual({});
    expect(scalerRegistry.get('hpa').defaults('sponge')).toEqual({ target: 0.7 });
    expect(scalerRegistry.get('ipa').defaults('ipa', 'nlp')).toEqual({ profile: 'nlp' });
    for (const name of scalerRegistry.names) {
      const entry = scalerRegistry.get(name);
      for (const profile of entry.profiles) expect(() => entry.create(entry.defaults(profile))).not.toThrow();
    }
  });

  it('says what each config asks of the actuator', () => {
    expect(scalerRegistry.get('vpa').actuator({ mode: 'InPlaceOrRecreate' }).resize).toEqual(['in-place-or-restart']);
    expect(scalerRegistry.get('vpa').actuator({ mode: 'Off' })).toEqual({ actions: [], resize: [] });
    expect(scalerRegistry.get('vpa').actuator(INFADAPTER_PAPER_VPA).resize).toEqual(['restart']);
    const sponge = scalerRegistry.get('sponge');
    expect(sponge.actuator({ targetRef: { name: 'web' } }).resize).toEqual(['in-place']);
    expect(sponge.actuator({ targetRef: { name: 'web' }, onResizeFailure: 'restart' }).resize).toEqual(['in-place-or-restart']);
    expect(sponge.actuator({ targetRef: { name: 'web' } }).actions).not.toContain('create');
    expect(scalerRegistry.get('infadapter').actuator({ profile: 'infadapter-resnet' }).actions).toEqual(expect.arrayContaining(['create', 'route', 'delete']));
  });

  it('takes a scaler of a test or an extension without changing the list everything reads', () => {
    const tiny = defineScaler({
      name: 'tiny',
      description: 'Holds.',
      config: z.strictObject({ interval: z.number().default(1000).describe('ms') }),
      create: (config) => ({
        name: 'tiny',
        intervalMs: config.interval,
        observationRequest: (nowMs: number) => ({ nowMs, historySeconds: 1, deployments: [] }),
        initialState: () => 0,
        decide: (_i, s: number) => ({ state: s + 1, decision: { kind: 'hold', reason: 'tiny' } }),
      }),
      simulation: { profiles: ['sponge'] },
      actuator: () => ({ actions: [], resize: [] }),
    });
    const extended: ScalerRegistry = scalerRegistry.with(tiny);
    expect(extended.names.at(-1)).toBe('tiny');
    expect(extended.get('tiny').create({ interval: 5 }).intervalMs).toBe(5);
    expect(scalerRegistry.has('tiny')).toBe(false);
  });
});

describe("InfAdapter's config as a user writes it", () => {
  const infadapter = scalerRegistry.get('infadapter');
  const profiles = loadInfAdapterProfiles();
  const profiled = infAdapterVariantsFromProfiles(profiles);

  it('takes every variant of a bundled profile when none are named: the config the comparison builds', () => {
    const built = infadapter.create({ profile: 'infadapter-resnet' });
    const direct = parseInfAdapterConfig({ variants: profiled });
    expect(built.observationRequest(0, { deployments: [], routing: [] }).loadFrom).toEqual(direct.variants.map((v) => v.name));
  });

  it("completes variants named by the profile, keeps the ones described in full, and drops the chart's images", () => {
    const variants = [
      { name: 'resnet18', image: 'serving:1' },
      { name: 'mine', accuracy: 0.5, capacityRps: [10, 20] },
    ];
    const config = parseConfig(infAdapterSectionSchema, { profile: 'infadapter-resnet', variants }, 'test');
    // The improved method (the default) takes the profiled capacities at the SLO as its model's shape; the paper's, the fit.
    expect(config.variants[0]).toEqual(infAdapterVariantsFromProfiles(profiles, { capacity: 'table' })[0]);
    expect(parseConfig(infAdapterSectionSchema, { profile: 'infadapter-resnet', method: 'paper', variants }, 'test').variants[0]).toEqual(profiled[0]);
    expect(config.variants[1]).toEqual({ name: 'mine', accuracy: 0.5, capacityRps: [10, 20], loadTimeS: 0 });
    expect([config.method, config.resize, config.resourcePolicy.minCores]).toEqual(['improved', 'in-place-or-restart', 1]);
  });

  it('names a variant that is neither in the profile nor described', () => {
    expect(() => infadapter.create({ profile: 'infadapter-resnet', variants: [{ name: 'resnet18' }, { name: 'bert' }] })).toThrow(
      /variants\.1\.name: not in profile infadapter-resnet \(resnet18, resnet34, resnet50, resnet101, resnet152\); describe it/,
    );
    expect(() => infadapter.create({ variants: [{ name: 'bert' }] })).toThrow(/variants\.0\.accuracy/);
  });
});

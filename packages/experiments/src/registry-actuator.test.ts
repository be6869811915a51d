import type { Action, ResizeMode } from '@infscale/core';
import { loadBandwidthTrace, loadInfAdapterProfiles, loadIpaPipeline, loadLatencyFits, networkDelaysMs } from '@infscale/profiles';
import { scalerRegistry, type SimulationProfile } from '@infscale/scalers';
import { infAdapterScenario, ipaScenario, runSimulation, spongeScenario, type SimConfig } from '@infscale/sim';

jest.setTimeout(120_000);

/** req/s per second: `low` for 5 minutes, `high` for 5, `low` for 5 (a step up and back, for every kind of change). */
const step = (low: number, high: number): number[] => [...Array<number>(300).fill(low), ...Array<number>(300).fill(high), ...Array<number>(300).fill(low)];

const scenarios: Record<SimulationProfile, () => SimConfig> = {
  infadapter: () =>
    infAdapterScenario({ profiles: loadInfAdapterProfiles(), start: [{ variant: 'resnet50', cores: 4, replicas: 1 }], arrivals: step(20, 150), seed: 1 }),
  ipa: () => ipaScenario({ pipeline: loadIpaPipeline('video'), arrivals: step(5, 30), seed: 1 }),
  sponge: () =>
    spongeScenario({
      model: loadLatencyFits()[0]!,
      networkDelayMs: networkDelaysMs(loadBandwidthTrace()),
      start: { cores: 1 },
      arrivals: step(5, 60),
      seed: 1,
    }),
};

/** What some runs must show, so the check above is not passed by scalers that never act. */
const mustPlan: Record<string, Action['type'][]> = {
  'infadapter/infadapter/{}': ['create', 'route', 'delete'],
  'ipa/ipa/{}': ['create', 'scale'],
  'sponge/sponge/{}': ['resize', 'set-batch'],
  'vpa/infadapter/{"mode":"InPlaceOrRecreate","applyOffTarget":false}': ['resize'],
  'hpa/infadapter/{}': ['scale'],
};

/** The settings each scaler is run with here: its defaults on the profile, and the ones that change its actuator needs. */
const variations: Record<string, Record<string, unknown>[]> = {
  vpa: [{}, { mode: 'Recreate', applyOffTarget: false }, { mode: 'InPlaceOrRecreate', applyOffTarget: false }],
  sponge: [{}, { onResizeFailure: 'restart' }],
  static: [{ deployments: { resnet50: { replicas: 2, cores: 6 }, resnet18: { replicas: 1, cores: 2 }, 'yolo-yolov5n': { replicas: 2, cores: 1 } } }],
};

const cases = scalerRegistry.entries.flatMap((entry) =>
  entry.profiles.flatMap((profile) => (variations[entry.name] ?? [{}]).map((extra) => ({ name: entry.name, profile, extra }))),
);

// The registry's actuator needs are what the chart's RBAC is checked against: every plan a scaler's
// decisions lead to in the real loop must stay within them.
describe.each(cases)('$name on the $profile profile with $extra', ({ name, profile, extra }) => {
  it('plans only the actions and resize modes its registry entry declares', async () => {
    const entry = scalerRegistry.get(name);
    const input = { ...entry.defaults(profile, 'video'), ...extra };
    const needs = entry.actuator(input);
    const { scaler, forecaster } = await entry.build(input);
    const actions = new Set<Action['type']>();
    const modes = new Set<ResizeMode>();
    await runSimulation({
      config: scenarios[profile](),
      scaler,
      ...(forecaster ? { forecaster } : {}),
      onDecision: (record) => {
        for (const action of record.plan?.actions ?? []) {
          actions.add(action.type);
          if (action.type === 'resize') modes.add(action.mode);
        }
      },
    });
    expect([...actions].filter((a) => !needs.actions.includes(a))).toEqual([]);
    expect([...modes].filter((m) => !needs.resize.includes(m))).toEqual([]);
    expect([...actions]).toEqual(expect.arrayContaining(mustPlan[`${name}/${profile}/${JSON.stringify(extra)}`] ?? []));
  });
});

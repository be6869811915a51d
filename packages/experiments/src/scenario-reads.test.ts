import { SCENARIO_OPTIONS, type Progress, type Scenario, type ScenarioOption, type ScenarioOptions } from './scenario';
import { scenarios } from './scenarios';

class Started extends Error {}

/** Stops a run where its simulations start: every scenario has read its flags by then (a bad one fails first). */
const stopAtStart: Progress = {
  start: () => {
    throw new Started('started');
  },
  tick: () => undefined,
  stop: () => undefined,
};

/**
 * The scenario-specific options `scenario.run` reads, with none given (its defaults' path, the one
 * without a trace file, where every selector is read). A run that copies its options whole counts as
 * reading them all.
 */
async function optionsRead(scenario: Scenario): Promise<ScenarioOption[]> {
  const read = new Set<PropertyKey>();
  const options = new Proxy<ScenarioOptions>(
    { seed: 1 },
    {
      get: (target, key, receiver) => (read.add(key), Reflect.get(target, key, receiver)),
      has: (target, key) => (read.add(key), Reflect.has(target, key)),
      ownKeys: (target) => (SCENARIO_OPTIONS.forEach((k) => read.add(k)), Reflect.ownKeys(target)),
    },
  );
  await expect(scenario.run(options, stopAtStart)).rejects.toBeInstanceOf(Started);
  return SCENARIO_OPTIONS.filter((k) => read.has(k));
}

describe('what a scenario declares it reads (compare refuses the flags of the others)', () => {
  it.each(scenarios.map((s) => [s.name, s] as const))('%s reads exactly the options it declares', async (_name, scenario) => {
    expect(await optionsRead(scenario)).toEqual(SCENARIO_OPTIONS.filter((k) => scenario.reads.includes(k)));
    // --window is checked against `windows`: a scenario reads it iff it has some.
    expect(scenario.reads.includes('window')).toBe(scenario.windows.length > 0);
  });

  it('every option is read by some scenario', () => {
    expect(SCENARIO_OPTIONS.filter((k) => !scenarios.some((s) => s.reads.includes(k)))).toEqual([]);
  });
});

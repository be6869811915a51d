import type { Scenario } from '@infscale/experiments';
import { UsageError } from '../program';

/** The compare flags that mean something for some scenarios only, as compare's flags name them. */
export interface ScenarioFlagValues {
  window?: string;
  pipeline?: string;
  workload?: string;
  mode?: string;
  decideWhileWaiting?: string;
  improvedSettings?: string;
}

interface ScenarioFlag {
  key: keyof ScenarioFlagValues;
  flag: string;
  /** The scenarios that read it. */
  appliesTo: (scenario: Scenario) => boolean;
  /** Why (what the flag picks there, or what the others use instead). */
  why: string;
}

// The scenarios run their defaults for a flag they do not read: refuse it instead of ignoring it.
const SCENARIO_FLAGS: readonly ScenarioFlag[] = [
  { key: 'window', flag: '--window', appliesTo: (s) => s.windows.length > 0, why: 'ipa and sponge pick their load with --workload' },
  { key: 'pipeline', flag: '--pipeline', appliesTo: (s) => s.name === 'ipa', why: 'the pipeline IPA scales' },
  {
    key: 'workload',
    flag: '--workload',
    appliesTo: (s) => s.name === 'ipa' || s.name === 'sponge',
    why: 'infadapter picks its load with --window',
  },
  {
    key: 'mode',
    flag: '--mode',
    appliesTo: (s) => s.name === 'infadapter' || s.name === 'ipa',
    why: "their paper's and improved methods",
  },
  { key: 'decideWhileWaiting', flag: '--decide-while-waiting', appliesTo: (s) => s.name === 'ipa', why: 'its improved method' },
  {
    key: 'improvedSettings',
    flag: '--improved-settings',
    appliesTo: (s) => s.name === 'infadapter' || s.name === 'ipa',
    why: 'their improved methods',
  },
];

/** A UsageError for the first flag given that `scenario` does not read, naming the scenarios that do. */
export function refuseFlagsNotFor(scenario: Scenario, flags: ScenarioFlagValues, all: readonly Scenario[]): void {
  for (const f of SCENARIO_FLAGS) {
    if (flags[f.key] === undefined || f.appliesTo(scenario)) continue;
    const names = all
      .filter(f.appliesTo)
      .map((s) => s.name)
      .sort()
      .join(' and ');
    throw new UsageError(`${f.flag} applies to ${names} only (${f.why}), got it with scenario ${scenario.name}`);
  }
}

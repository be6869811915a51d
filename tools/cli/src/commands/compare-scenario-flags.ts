import { SCENARIO_OPTIONS, type Scenario, type ScenarioOption } from '@infscale/experiments';
import { UsageError } from '../program';

/** The compare flags that mean something for some scenarios only, by the option each sets. */
export type ScenarioFlagValues = Partial<Record<ScenarioOption, string>>;

/**
 * Each scenario-specific option's flag, and why it applies where it does (what it picks there, or
 * what the others use instead). Which scenarios read it is theirs to declare (Scenario.reads).
 */
const SCENARIO_FLAGS: Record<ScenarioOption, { flag: string; why: string }> = {
  window: { flag: '--window', why: 'ipa and sponge pick their load with --workload' },
  pipeline: { flag: '--pipeline', why: 'the pipeline IPA scales' },
  workload: { flag: '--workload', why: 'infadapter picks its load with --window' },
  mode: { flag: '--mode', why: "their paper's and improved methods" },
  decideWhileWaiting: { flag: '--decide-while-waiting', why: 'its improved method' },
  improvedSettings: { flag: '--improved-settings', why: 'their improved methods' },
  upscaleCheck: { flag: '--upscale-check', why: "the check their scalers make between decisions; the others' have none" },
};

/** "a", "a and b", "a, b and c". */
function listed(names: readonly string[]): string {
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/**
 * A UsageError for the first flag given that `scenario` does not read (it would run its default
 * instead), naming the scenarios that do.
 */
export function refuseFlagsNotFor(scenario: Scenario, flags: ScenarioFlagValues, all: readonly Scenario[]): void {
  for (const option of SCENARIO_OPTIONS) {
    if (flags[option] === undefined || scenario.reads.includes(option)) continue;
    const { flag, why } = SCENARIO_FLAGS[option];
    const readers = all
      .filter((s) => s.reads.includes(option))
      .map((s) => s.name)
      .sort();
    throw new UsageError(`${flag} applies to ${listed(readers)} only (${why}), got it with scenario ${scenario.name}`);
  }
}

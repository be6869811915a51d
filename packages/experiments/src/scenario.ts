import { ConfigError, errorMessage } from '@infscale/core';
import type { InfAdapterProfiles, LatencyModel } from '@infscale/profiles';
import type { SimSummary } from '@infscale/sim';
import type { ReportSection } from './report';

/** One system's outcome in a comparison (the JSON row shape promised in the issues and README). */
export interface ComparisonRow {
  system: string;
  /** Requests late, rejected, timed out or dropped, in percent of all requests. */
  sloViolationPct: number;
  /** Requests answered after the SLO (absent in a bound's row, which runs no requests). */
  late?: number;
  /** Requests a full server queue refused at once. */
  rejected?: number;
  /** Requests the client gave up on (their latency is not in p99). */
  timedOut?: number;
  /** Requests that failed otherwise: no ready pod, a policy's drop, killed after the grace period, unfinished. */
  dropped?: number;
  p99LatencyMs: number;
  meanCores: number;
  coreSeconds: number;
  /** infadapter: load-weighted accuracy; ipa: product of per-stage accuracies; sponge: the variant's. */
  accuracy: number;
  /** The scenario's objective (its paper's), evaluated on what the system actually ran. */
  objective: number;
  /** Scenario-specific columns (e.g. resize count for sponge). */
  extra?: Record<string, number | string>;
  /** A row the text table leaves out (e.g. a VPA sweep run off its curve); the JSON and the HTML report keep it. */
  detail?: boolean;
  /** IPA: (PAS − FA2-low's) / (the frontier's PAS − FA2-low's), on the IPA row. */
  gainCaptured?: number;
}

/**
 * The columns every scenario reads off a simulation's summary, as the rows carry them (accuracy as the
 * summary has it: a fraction; IPA's rows print it in percent).
 */
export function summaryColumns(
  s: Pick<SimSummary, 'sloViolationRate' | 'late' | 'rejected' | 'timedOut' | 'dropped' | 'latencyMs' | 'meanCores' | 'coreSeconds' | 'accuracy'>,
): Pick<ComparisonRow, 'sloViolationPct' | 'late' | 'rejected' | 'timedOut' | 'dropped' | 'p99LatencyMs' | 'meanCores' | 'coreSeconds' | 'accuracy'> {
  return {
    sloViolationPct: s.sloViolationRate * 100,
    late: s.late,
    rejected: s.rejected,
    timedOut: s.timedOut,
    dropped: s.dropped,
    p99LatencyMs: s.latencyMs.p99,
    meanCores: s.meanCores,
    coreSeconds: s.coreSeconds,
    accuracy: s.accuracy,
  };
}

export interface ComparisonResult {
  scenario: string;
  /** The trace window (and pipeline, for ipa: "video/bursty"). */
  window: string;
  rows: ComparisonRow[];
  /** Charts and notes for the HTML report. */
  sections: ReportSection[];
}

/** A user's trace (--trace-file) that replaces a scenario's bundled windows or workloads. */
export interface UserTrace {
  /** The file name: the window column of the results. */
  name: string;
  /** Requests arriving in each second. */
  arrivals: number[];
  /** Where the numbers came from (file, format, options), for the report's notes. */
  description: string;
}

/** A user's profile file (--profile-file): the model the scenario runs instead of the papers'. */
export interface UserProfile {
  file: string;
  /** Which scaler the file describes; a scenario of another refuses it. */
  scaler: 'infadapter' | 'ipa' | 'sponge';
  infadapter?: InfAdapterProfiles;
  sponge?: { model: LatencyModel; sloMs?: number };
}

/** The file's model for `scenario`, or a ConfigError naming the file when it describes another scaler. */
export function profileFor<K extends 'infadapter' | 'sponge'>(profile: UserProfile | undefined, scenario: K): UserProfile[K] | undefined {
  if (!profile) return undefined;
  const model = profile[scenario];
  if (!model)
    throw new ConfigError(`compare --scenario ${scenario}`, [
      { path: '--profile-file', value: profile.file, message: `describes ${profile.scaler}; this scenario needs a ${scenario} profile` },
    ]);
  return model;
}

export interface ScenarioOptions {
  window?: string;
  /** Run on this profile's model instead of the paper's. */
  profile?: UserProfile;
  /** Replay this trace instead of the bundled window (infadapter) or workloads (ipa, sponge). */
  trace?: UserTrace;
  pipeline?: string;
  workload?: string;
  seed: number;
  /** 'off' decides only every interval, as the papers' loops (default 'on', the scalers' default). */
  upscaleCheck?: string;
  /** paper | improved | both (default): which method's rows of the scaler itself run. */
  mode?: string;
  /** 'off' makes the improved method hold while a plan waits for pods (default 'on', the scaler's default). */
  decideWhileWaiting?: string;
  /**
   * A JSON object over the improved method's defaults: ipa, its settings (the scaler config's `improved`
   * section); infadapter, scaler config fields (e.g. burstSpare).
   */
  improvedSettings?: string;
}

/** --upscale-check: 'on' (the scalers' default) or 'off' (the papers' loops: decide every interval only). */
export function upscaleCheckFlag(value: string | undefined, scenario: string): 'on' | 'off' {
  return onOffFlag('--upscale-check', value, scenario);
}

/** A JSON-object flag of compare (undefined when not given); ConfigError naming the flag otherwise. */
export function jsonObjectFlag(flag: string, value: string | undefined, scenario: string): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (err) {
    throw new ConfigError(`compare --scenario ${scenario}`, [
      { path: flag, value, message: `is not JSON (${errorMessage(err)}); give an object, e.g. '{"switchGain": 0.03}'` },
    ]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`compare --scenario ${scenario}`, [{ path: flag, value, message: `must be a JSON object, e.g. '{"switchGain": 0.03}'` }]);
  }
  return parsed as Record<string, unknown>;
}

/** An on|off flag of compare, 'on' when not given. */
export function onOffFlag(flag: string, value: string | undefined, scenario: string): 'on' | 'off' {
  const v = value ?? 'on';
  // A ConfigError names the flag; the command line prints it and exits with code 2.
  if (v !== 'on' && v !== 'off') throw new ConfigError(`compare --scenario ${scenario}`, [{ path: flag, value: v, message: 'must be on or off' }]);
  return v;
}

export const COMPARE_MODES = ['paper', 'improved', 'both'] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];

/** --mode: the papers' method, the improved one, or both side by side (the default). */
export function compareModeFlag(value: string | undefined, scenario: string): CompareMode {
  const v = value ?? 'both';
  if (!(COMPARE_MODES as readonly string[]).includes(v))
    throw new ConfigError(`compare --scenario ${scenario}`, [{ path: '--mode', value: v, message: `must be one of ${COMPARE_MODES.join(', ')}` }]);
  return v as CompareMode;
}

/** Reports progress of long runs; the CLI draws a bar on an interactive stderr. */
export interface Progress {
  start(total: number, label: string): void;
  tick(amount?: number): void;
  stop(): void;
}

export const silentProgress: Progress = { start: () => undefined, tick: () => undefined, stop: () => undefined };

/**
 * The options that some scenarios read and others do not (every scenario reads seed, trace and
 * profile). A scenario declares the ones it reads; compare refuses the others' flags rather than
 * run its defaults for them.
 */
export const SCENARIO_OPTIONS = [
  'window',
  'pipeline',
  'workload',
  'mode',
  'decideWhileWaiting',
  'improvedSettings',
  'upscaleCheck',
] as const satisfies readonly (keyof ScenarioOptions)[];
export type ScenarioOption = (typeof SCENARIO_OPTIONS)[number];

/** A comparison the `compare` command can run: one file per scenario under scenarios/. */
export interface Scenario {
  name: string;
  description: string;
  /** Accepted --window values (empty when it does not read `window`). */
  windows: readonly string[];
  defaultWindow?: string;
  /** The scenario-specific options its run reads (scenario-reads.test.ts checks them against the run). */
  reads: readonly ScenarioOption[];
  run(options: ScenarioOptions, progress: Progress): Promise<ComparisonResult[]>;
}

import { loadPretrained, type ForecastModel } from '@infscale/forecasting';
import { findWindow, loadInfAdapterProfiles, loadTwitterTrace, traceWindow, type InfAdapterProfiles } from '@infscale/profiles';
import { errorMessage } from '@infscale/core';
import type { InfAdapterConfig } from '@infscale/scalers';
import { leastCoreSecondsAt, mostAccuracyWithin, type FrontierInput } from '@infscale/solver';
import {
  compareModeFlag,
  jsonObjectFlag,
  profileFor,
  summaryColumns,
  upscaleCheckFlag,
  type CompareMode,
  type ComparisonResult,
  type ComparisonRow,
  type Progress,
  type Scenario,
  type ScenarioOptions,
} from '../scenario';
import { infAdapterSections } from './report';
import { objectiveOf, runSystem, type SystemRun } from './run';
import { HPA_POD_CORES, infAdapterSystems, paperInfAdapterConfig, variantNames } from './systems';
import { FRONTIER_FREE_SHARE, frontierInput, frontierOf, simulatorRates, targetLines } from './targets';
import { offAppliedName, onCurve, sweepName, VPA_SWEEP, vpaSweepPoints, vpaSweepSystems, type SweepPoint } from './vpa-sweep';

/** The paper's segment and day, the held-out windows and the tuning windows of the training split (undamped). */
export const INFADAPTER_WINDOWS = ['segment', 'day', 'holdout-surge', 'holdout-noon', 'holdout-day', 'train-surge', 'train-noon', 'train-day'] as const;

export interface InfAdapterComparisonOptions {
  window: string;
  arrivals: ArrayLike<number>;
  seed: number;
  /** Default: the shipped LSTM; `null` forces EWMA throughout (quick tests). */
  model?: ForecastModel | null;
  only?: readonly string[];
  /** 'off': InfAdapter, MS+ and the oracle decide only every interval, as the paper's loop. */
  upscaleCheck?: 'on' | 'off';
  /** Which method's InfAdapter rows run (default both: the improved as infadapter, the paper's beside it). */
  mode?: CompareMode;
  /** Where the arrivals came from, for the notes (default: the Twitter trace's window). */
  source?: string;
  /** The variants and their profiles (default the paper's ResNets); a user's profile file. */
  profiles?: InfAdapterProfiles;
  /** Scaler config fields over the improved method's (its rows only). */
  improvedConfig?: Record<string, unknown>;
}

function toRow(run: SystemRun, objective: number): ComparisonRow {
  const s = run.summary;
  return { system: run.name, ...summaryColumns(s), objective };
}

/** The frontier's two rows: the least core-seconds at InfAdapter's accuracy, and the most accuracy at its core-seconds. */
function frontierRows(ia: ComparisonRow | undefined, input: FrontierInput, config: InfAdapterConfig): ComparisonRow[] {
  if (!ia) return [];
  const out: ComparisonRow[] = [];
  const row = (system: string, coreSeconds: number, accuracy: number, freeShare: number): ComparisonRow => {
    const meanCores = coreSeconds / input.arrivals.length;
    // A bound runs no requests: no latency and no outcome counts; its violations are the share it may leave.
    return {
      system,
      sloViolationPct: 100 * freeShare,
      p99LatencyMs: NaN,
      meanCores,
      coreSeconds,
      accuracy,
      objective: accuracy - (config.objective.alpha * meanCores) / config.budget.cores,
    };
  };
  const least = leastCoreSecondsAt(input, ia.accuracy);
  if (least) out.push(row('frontier', least.coreSeconds, ia.accuracy, least.freeShare));
  const most = mostAccuracyWithin(input, ia.coreSeconds);
  if (most) out.push(row('frontier-dual', ia.coreSeconds, most.accuracy, most.freeShare));
  return out;
}

/** Sweep rows off their variant's violations-vs-core-seconds curve stay out of the text table. */
function markCurves(rows: ComparisonRow[], points: readonly SweepPoint[]): void {
  for (const variant of new Set(points.map((p) => p.variant))) {
    const mine = rows.filter((r) => r.system === offAppliedName(variant) || r.system.startsWith(`${offAppliedName(variant)}-`));
    const curve = onCurve(mine);
    for (const r of mine) if (r.system !== offAppliedName(variant) && !curve.has(r.system)) r.detail = true;
  }
}

/** Runs every system on the same seeded arrivals and builds the table and the report. */
export async function runInfAdapterComparison(o: InfAdapterComparisonOptions, progress: Progress): Promise<ComparisonResult> {
  const profiles = o.profiles ?? loadInfAdapterProfiles();
  const config = paperInfAdapterConfig(profiles, o.upscaleCheck);
  const names = variantNames(profiles);
  const budget = profiles.settings.maxCores;
  const notes: string[] = [];
  let model: ForecastModel | undefined;
  if (o.model === undefined) {
    try {
      model = await loadPretrained('infadapter');
    } catch (err) {
      notes.push(`The shipped InfAdapter LSTM could not be loaded (${errorMessage(err)}): EWMA forecasts throughout.`);
    }
  } else model = o.model ?? undefined;
  const systems = infAdapterSystems({
    profiles,
    arrivals: o.arrivals,
    model,
    only: o.only,
    upscaleCheck: o.upscaleCheck,
    mode: o.mode,
    improvedConfig: o.improvedConfig,
  });
  const sweepPoints = vpaSweepPoints(names, budget).filter((p) => !o.only || o.only.includes(sweepName(p, budget)));
  const sweep = vpaSweepSystems(sweepPoints, budget);
  const durationS = o.arrivals.length;
  progress.start((systems.length + sweep.length) * durationS, `infadapter ${o.window}`);
  const runs: SystemRun[] = [];
  const sweepRuns: SystemRun[] = [];
  for (const [list, out, sampleLatencies] of [
    [systems, runs, true],
    [sweep, sweepRuns, false],
  ] as const) {
    for (const system of list) {
      let done = 0;
      const run = await runSystem(system, {
        profiles,
        config,
        arrivals: o.arrivals,
        seed: o.seed,
        sampleLatencies,
        intervalS: durationS > 3 * 3600 ? 300 : 30,
        onProgress: (doneS) => {
          const step = Math.round(doneS) - done;
          if (step > 0) progress.tick(step);
          done += Math.max(0, step);
        },
      });
      if (done < durationS) progress.tick(durationS - done);
      if (run.lastActuatorError) notes.push(`${run.name}: last actuator error: ${run.lastActuatorError}`);
      out.push(run);
    }
  }
  const rows = [...runs, ...sweepRuns].map((r) => toRow(r, objectiveOf(r, config)));
  markCurves(rows, sweepPoints);
  const input = frontierInput(o.arrivals, profiles);
  rows.push(
    ...frontierRows(
      rows.find((r) => r.system === 'infadapter'),
      input,
      config,
    ),
  );
  // The charts draw the best of the VPA rows that ran with latency samples (the sweep's did not).
  const charted = new Set(runs.map((r) => r.name));
  const vpaRows = rows.filter((r) => r.system.startsWith('vpa-') && charted.has(r.system));
  const bestVpa = [...vpaRows].sort((a, b) => a.sloViolationPct - b.sloViolationPct || a.coreSeconds - b.coreSeconds)[0];
  notes.push(
    `Arrivals: ${o.source ?? `Twitter trace, window ${o.window}`} (${durationS} s), seed ${o.seed}; every system starts with ${budget} cores (InfAdapter, MS+: ${names[names.length - 1]} at ${budget} cores)${o.profiles ? '; variants, capacities and SLO from the profile file' : ''}.`,
    `InfAdapter (paper) and MS+: interval 30 s, first decision after 2 min, λ = ⌈1.1 × forecast⌉ (${model ? 'LSTM, EWMA(10) until 10 min of history' : 'EWMA(10)'}), α=${config.objective.alpha}, β=${config.objective.beta}, budget ${config.budget.cores} cores, cores 0 or 2..20, capacity = paper fit × 0.8, downscale after 4 waits; changes rolled out make-before-break.`,
    "InfAdapter (improved, the scaler's default): the same objective, interval and budget; first decision after 10 s; capacity = the profiled capacities at 750 ms scaled by the CPU the pods use per request (measured online); λ = ⌈the forecast held between the last 10 s peak and the last 30 s peak × the median ratio of the last hour's interval peaks to their forecasts⌉; cores 0 or 1..20, changed in place where the variant stays; downscale at once; a burst between decisions grows the running variants in place first and is planned as rising once more by as much.",
    "Oracle: the same InfAdapter scaler told the next minute's exact peak (the paper's: no headroom).",
    `VPA: recommender + updater, whole cores in [${Math.min(2, budget)}, ${budget}], minReplicas 1, modes InPlaceOrRecreate (in-place resize), Recreate (evict and recreate) and OffApplied (the paper's: a VPA object in Off mode created at 60 s, its target read every 30 s from 120 s, rounded up, raised at once, lowered after 4 lower reads, rolled out). No 12 h young-pod rule (with it the stock updaters never resize in a 21-minute run). HPA: CPU target 70 %, ${HPA_POD_CORES}-core pods, 1..${Math.floor(config.budget.cores / HPA_POD_CORES)} replicas, on the variant MS+ picks for the window's mean load.`,
    `VPA sweep (OffApplied, per variant): safety margin ${VPA_SWEEP.safetyMargins.join(' / ')} × target percentile ${VPA_SWEEP.targetPercentiles.join(' / ')} × minAllowed ${VPA_SWEEP.minAllowedCores.join(' / ')} cores (${sweep.length} runs besides the OffApplied rows; minAllowed 20 = maxAllowed once per variant). The text table shows each variant's violations-vs-core-seconds curve; --json lists every run.`,
    'Serving as the paper ran it: TF-Serving at batch 1 rejects when int(1.25 × capacity at its cores) requests wait; the dispatcher gives up after 30 s; a terminating pod drains for 30 s at most.',
    `Frontier: the least core-seconds at InfAdapter's accuracy (frontier) and the most accuracy at its core-seconds (frontier-dual), knowing each 30 s interval's peak, fractional cores, ≤ ${config.budget.cores} cores, each variant at its best req/s per core in the simulator (profiled capacity at ${simulatorRates(profiles).sloMs} ms), ≤ ${100 * FRONTIER_FREE_SHARE} % of requests left late or dropped (its violation column).`,
    'Objective (on what ran): load-weighted accuracy served − α·mean cores/20 − β·(mean per 30 s period of max load time of (re)started variants / 8.52 s).',
    'SLO violation: latency > 750 ms, rejected, timed out or dropped. Best VPA run: fewest SLO violations, then fewest core-seconds.',
  );
  const targets = targetLines(rows, frontierOf(input));
  return {
    scenario: 'infadapter',
    window: o.window,
    rows,
    sections: [
      { title: 'Targets', text: targets.join('\n') },
      ...infAdapterSections({ runs, bestVpa: bestVpa?.system, arrivals: o.arrivals, notes, rows, variants: names }),
    ],
  };
}

/** `infscale compare --scenario infadapter`: the comparison (not the simulator's SimConfig builder, sim's infAdapterScenario). */
export const infAdapterComparison: Scenario = {
  name: 'infadapter',
  description:
    "InfAdapter vs MS+, VPA (each variant: InPlaceOrRecreate, Recreate, the paper's OffApplied and a sweep of its knobs), HPA, the oracle-forecast InfAdapter and the clairvoyant frontier on the Twitter trace",
  windows: INFADAPTER_WINDOWS,
  reads: ['window', 'mode', 'improvedSettings', 'upscaleCheck'],
  defaultWindow: 'segment',
  async run(options: ScenarioOptions, progress: Progress): Promise<ComparisonResult[]> {
    const upscaleCheck = upscaleCheckFlag(options.upscaleCheck, 'infadapter');
    const mode = compareModeFlag(options.mode, 'infadapter');
    const profiles = profileFor(options.profile, 'infadapter');
    const improvedConfig = jsonObjectFlag('--improved-settings', options.improvedSettings, 'infadapter');
    const { trace } = options;
    // A user's trace replaces the window: the same systems, sweep, frontier and targets on it.
    if (trace)
      return [
        await runInfAdapterComparison(
          { window: trace.name, arrivals: trace.arrivals, seed: options.seed, upscaleCheck, mode, source: trace.description, profiles, improvedConfig },
          progress,
        ),
      ];
    const window = options.window ?? 'segment';
    const arrivals = traceWindow(loadTwitterTrace(), findWindow(window));
    return [await runInfAdapterComparison({ window, arrivals, seed: options.seed, upscaleCheck, mode, profiles, improvedConfig }, progress)];
  },
};

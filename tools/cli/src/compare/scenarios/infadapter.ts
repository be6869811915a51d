import { loadPretrained, type ForecastModel } from '@infscale/forecasting';
import { findWindow, loadInfAdapterProfiles, loadTwitterTrace, traceWindow } from '@infscale/profiles';
import { upscaleCheckFlag, type ComparisonResult, type ComparisonRow, type Progress, type Scenario, type ScenarioOptions } from '../scenario';
import { infAdapterSections } from './infadapter-report';
import { objectiveOf, runSystem, type SystemRun } from './infadapter-run';
import { HPA_POD_CORES, infAdapterSystems, paperInfAdapterConfig } from './infadapter-systems';
import { targetLines } from './infadapter-targets';

export const INFADAPTER_WINDOWS = ['segment', 'day'] as const;

export interface InfAdapterComparisonOptions {
  window: string;
  arrivals: ArrayLike<number>;
  seed: number;
  /** Default: the shipped LSTM; `null` forces EWMA throughout (quick tests). */
  model?: ForecastModel | null;
  only?: readonly string[];
  /** 'off': InfAdapter, MS+ and the oracle decide only every interval, as the paper's loop. */
  upscaleCheck?: 'on' | 'off';
}

function toRow(run: SystemRun, objective: number): ComparisonRow {
  const s = run.summary;
  return {
    system: run.name,
    sloViolationPct: s.sloViolationRate * 100,
    p99LatencyMs: s.latencyMs.p99,
    meanCores: s.meanCores,
    coreSeconds: s.coreSeconds,
    accuracy: s.accuracy,
    objective,
  };
}

/** Runs every system on the same seeded arrivals and builds the table and the report. */
export async function runInfAdapterComparison(o: InfAdapterComparisonOptions, progress: Progress): Promise<ComparisonResult> {
  const profiles = loadInfAdapterProfiles();
  const config = paperInfAdapterConfig(profiles, o.upscaleCheck);
  const notes: string[] = [];
  let model: ForecastModel | undefined;
  if (o.model === undefined) {
    try {
      model = await loadPretrained('infadapter');
    } catch (err) {
      notes.push(`The shipped InfAdapter LSTM could not be loaded (${err instanceof Error ? err.message : String(err)}): EWMA forecasts throughout.`);
    }
  } else model = o.model ?? undefined;
  const systems = infAdapterSystems({ profiles, arrivals: o.arrivals, model, only: o.only, upscaleCheck: o.upscaleCheck });
  const durationS = o.arrivals.length;
  progress.start(systems.length * durationS, `infadapter ${o.window}`);
  const runs: SystemRun[] = [];
  for (const system of systems) {
    let done = 0;
    const run = await runSystem(system, {
      profiles, config, arrivals: o.arrivals, seed: o.seed,
      intervalS: durationS > 3 * 3600 ? 300 : 30,
      onProgress: (doneS) => {
        const step = Math.round(doneS) - done;
        if (step > 0) progress.tick(step);
        done += Math.max(0, step);
      },
    });
    if (done < durationS) progress.tick(durationS - done);
    if (run.lastActuatorError) notes.push(`${run.name}: last actuator error: ${run.lastActuatorError}`);
    runs.push(run);
  }
  const rows = runs.map((r) => toRow(r, objectiveOf(r, config)));
  const vpaRows = rows.filter((r) => r.system.startsWith('vpa-'));
  // "The best VPA run": fewest SLO violations, then fewest core-seconds.
  const bestVpa = [...vpaRows].sort((a, b) => a.sloViolationPct - b.sloViolationPct || a.coreSeconds - b.coreSeconds)[0];
  notes.push(
    `Arrivals: Twitter trace, window ${o.window} (${durationS} s), seed ${o.seed}; every system starts with 20 cores (InfAdapter, MS+: resnet152 at 20 cores).`,
    `InfAdapter/MS+: interval 30 s, first decision after 2 min, λ = ⌈1.1 × forecast⌉ (${model ? 'LSTM, EWMA(10) until 10 min of history' : 'EWMA(10)'}), α=${config.objective.alpha}, β=${config.objective.beta}, budget ${config.budget.cores} cores, cores 0 or 2..20, capacity = paper fit × 0.8, downscale after 4 waits; changes rolled out make-before-break.`,
    'Oracle: the same InfAdapter scaler told the next minute\'s exact peak (no headroom).',
    `VPA: recommender + updater, whole cores in [2, 20], minReplicas 1, modes InPlaceOrRecreate (in-place resize), Recreate (evict and recreate) and OffApplied (the paper's: Off mode, its target applied by a make-before-break rollout). No 12 h young-pod rule (with it the stock updaters never resize in a 21-minute run). HPA: CPU target 70 %, ${HPA_POD_CORES}-core pods, 1..${Math.floor(config.budget.cores / HPA_POD_CORES)} replicas, on the variant MS+ picks for the window's mean load.`,
    'Objective (on what ran): load-weighted accuracy served − α·mean cores/20 − β·(mean per 30 s period of max load time of (re)started variants / 8.52 s).',
    'SLO violation: latency > 750 ms or dropped. Best VPA run: fewest SLO violations, then fewest core-seconds.',
  );
  // The bound counts the very arrivals every system was run on.
  const targets = targetLines(rows, bestVpa?.system, { arrivals: o.arrivals, profiles });
  return {
    scenario: 'infadapter',
    window: o.window,
    rows,
    sections: [{ title: 'Targets', text: targets.join('\n') }, ...infAdapterSections({ runs, bestVpa: bestVpa?.system, arrivals: o.arrivals, notes })],
  };
}

export const infAdapterScenario: Scenario = {
  name: 'infadapter',
  description: 'InfAdapter vs MS+, VPA (each variant, InPlaceOrRecreate and Recreate), HPA and the oracle-forecast bound on the Twitter trace',
  windows: INFADAPTER_WINDOWS,
  upscaleCheck: true,
  defaultWindow: 'segment',
  async run(options: ScenarioOptions, progress: Progress): Promise<ComparisonResult[]> {
    const window = options.window ?? 'segment';
    const arrivals = traceWindow(loadTwitterTrace(), findWindow(window));
    const upscaleCheck = upscaleCheckFlag(options.upscaleCheck, 'infadapter');
    return [await runInfAdapterComparison({ window, arrivals, seed: options.seed, upscaleCheck }, progress)];
  },
};

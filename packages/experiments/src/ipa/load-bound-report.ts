// `npm run load-bound -w @infscale/experiments -- [--pipeline P[,P…]] [--workload W[,W…]] [--load-s S]`:
// how much of the IPA frontier's gain over FA2-low a clairvoyant scaler of the frontier's class could
// still capture if it paid for its model loads (solver/bounds/load-aware-bound.ts), with the 1 % of
// requests the frontier may leave free and with every request served. One row per pipeline and
// window, then one JSON line per row. Slow on purpose (a DP per multiplier): seconds per window.
import { refuseUnknownFlags } from '@infscale/core';
import { IPA_PIPELINES, loadIpaPipeline, loadTwitterTrace, findWindow, traceWindow } from '@infscale/profiles';
import { createIpaForecaster, createIpaScaler } from '@infscale/scalers';
import { pasUpperBoundWholeReplicas, pasUpperBoundWithLoads } from '@infscale/solver';
import { fmt } from '../format';
import { knownListFlag, listFlag, numberFlag } from '../report-flags';
import { IPA_WORKLOADS } from './comparison';
import { runIpaSystem } from './run';
import { frontierBoundInput, gainCaptured } from './targets';

const HELP = `npm run load-bound -w @infscale/experiments -- [flags]

How much of the IPA frontier's gain over FA2-low a clairvoyant scaler of the frontier's class (one variant per stage,
whole replicas set once per 10 s interval, 1.10 × FA2-low's mean cores) could still capture if every new pod held its
cores for a model load before serving: with the 1 % of requests the frontier may leave free, and with every request
served. Seconds per window (a DP per multiplier).
  --pipeline P[,P…]|all    default video,audio-qa,audio-sent (known: ${IPA_PIPELINES.join(', ')})
  --workload W[,W…]|all    default bursty (known: ${IPA_WORKLOADS.join(', ')}, and the held-out and tuning windows by name)
  --load-s S               seconds a new pod loads before it serves (default 10, the simulator's)`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(HELP);
    return;
  }
  refuseUnknownFlags(args, { '--pipeline': 'value', '--workload': 'value', '--load-s': 'value' });
  const pipelines = knownListFlag<string>(args, '--pipeline', ['video', 'audio-qa', 'audio-sent'], IPA_PIPELINES, 'pipeline');
  const workloads = listFlag(args, '--workload', ['bursty'], IPA_WORKLOADS);
  const loadS = numberFlag(args, '--load-s', 10, (n) => Number.isFinite(n) && n >= 0, 'a model load in seconds ≥ 0');
  const trace = loadTwitterTrace();
  const lstm = await createIpaForecaster({ model: 'lstm' });
  const json: object[] = [];
  console.log(
    `IPA: the frontier's PAS bound at 1.10 × FA2-low's mean cores, and the same bound paying ${loadS} s per new pod (PAS %; gain = share of the frontier's gain over FA2-low)`,
  );
  console.log('pipeline/window              FA2-low  frontier  +loads, 1 % free (gain)  +loads, all served (gain)  s');
  for (const workload of workloads) {
    const arrivals = traceWindow(trace, findWindow(workload));
    for (const name of pipelines) {
      const started = Date.now();
      // FA2-low as the comparison runs it (seed 1): its mean cores set the budget, its PAS the baseline.
      const low = await runIpaSystem(loadIpaPipeline(name), arrivals, { name: 'FA2-low', mode: 'fa2-low', forecaster: lstm }, 1);
      const pipeline = createIpaScaler({ profile: name, mode: 'ipa' }).pipeline;
      const input = frontierBoundInput(arrivals, pipeline, low.summary.meanCores);
      const budgetMeanCores = input.budgetMeanCores;
      const frontier = pasUpperBoundWholeReplicas(input);
      const withFree = pasUpperBoundWithLoads({ ...input, loadS });
      const served = pasUpperBoundWithLoads({ ...input, freeShare: 0, loadS });
      const lowPct = 100 * low.summary.accuracy;
      const pct = (b: { feasible: boolean; pas?: number }) => (b.feasible && b.pas !== undefined ? 100 * b.pas : NaN);
      const f = pct(frontier);
      const row = {
        case: 'load-bound',
        pipeline: name,
        workload,
        loadS,
        budgetMeanCores,
        fa2LowPas: lowPct,
        frontierPas: f,
        withLoadsPas: pct(withFree),
        withLoadsAllServedPas: pct(served),
        gainWithLoads: gainCaptured(pct(withFree), lowPct, f),
        gainWithLoadsAllServed: gainCaptured(pct(served), lowPct, f),
      };
      json.push(row);
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      console.log(
        `${`${name}/${workload}`.padEnd(28)} ${fmt(lowPct).padStart(7)}  ${fmt(f).padStart(8)}  ${`${fmt(row.withLoadsPas)} (${fmt(row.gainWithLoads)})`.padStart(24)}  ${`${fmt(row.withLoadsAllServedPas)} (${fmt(row.gainWithLoadsAllServed)})`.padStart(25)}  ${seconds}`,
      );
    }
  }
  for (const line of json) console.log(JSON.stringify(line));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

// `npm run frontier-phases -w @infscale/experiments -- [--pipeline P[,P…]|all] [--workload W[,W…]]
//   [--split-rps R] [--improved-settings JSON] [--per-interval]`:
// where the IPA frontier (the whole-replica PAS bound at 1.10 × FA2-low's mean cores, the gain target's
// reference) spends its cores, against FA2-low and both IPA methods: the window split into its calm and
// its loaded 10 s intervals, mean cores and request-weighted PAS of each in each; with --per-interval,
// every interval and the configuration the frontier runs there. A table, then one JSON line per
// pipeline, window and phase.
import { refuseUnknownFlags } from '@infscale/core';
import { IPA_PIPELINES, findWindow, loadIpaPipeline, loadTwitterTrace, traceWindow } from '@infscale/profiles';
import { createIpaForecaster, createIpaScaler } from '@infscale/scalers';
import { wholeReplicaPlan } from '@infscale/solver';
import { fmt } from '../format';
import { jsonObjectFlag, knownListFlag, numberFlag } from '../report-flags';
import { IPA_HOLDOUT_WORKLOADS, IPA_TRAINING_WORKLOADS, IPA_WORKLOADS } from './comparison';
import { phaseSpend } from './frontier-phases';
import { runIpaSystem } from './run';
import { frontierBoundInput } from './targets';

const WORKLOADS = [...IPA_WORKLOADS, ...IPA_HOLDOUT_WORKLOADS, ...IPA_TRAINING_WORKLOADS];
const HELP = `npm run frontier-phases -w @infscale/experiments -- [flags]

Where the IPA frontier spends its cores (the whole-replica bound at 1.10 × FA2-low's mean cores, 1 % of requests
free, each 10 s interval sized for its mean rate), against FA2-low and both IPA methods, on one window at a time:
mean cores and request-weighted PAS in the window's calm and loaded intervals.
  --pipeline P[,P…]|all    default video,audio-qa (known: ${IPA_PIPELINES.join(', ')})
  --workload W[,W…]        default bursty (known: ${WORKLOADS.join(', ')})
  --split-rps R            an interval is loaded above this mean rate (damped req/s; default 12)
  --improved-settings JSON the improved method's settings over its defaults (its config's \`improved\` section)
  --per-interval           also every interval: its rate, each system's cores and PAS, the frontier's configuration`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(HELP);
    return;
  }
  refuseUnknownFlags(args, {
    '--pipeline': 'value',
    '--workload': 'value',
    '--split-rps': 'value',
    '--per-interval': 'switch',
    '--improved-settings': 'value',
  });
  const pipelines = knownListFlag<string>(args, '--pipeline', ['video', 'audio-qa'], IPA_PIPELINES, 'pipeline');
  const workloads = knownListFlag<string>(args, '--workload', ['bursty'], WORKLOADS, 'workload');
  const splitRps = numberFlag(args, '--split-rps', 12, (n) => Number.isFinite(n) && n >= 0, 'a rate ≥ 0 in req/s');
  const perInterval = args.includes('--per-interval');
  const improvedSettings = jsonObjectFlag(args, '--improved-settings', '{"floorSeconds": 20}');
  const trace = loadTwitterTrace();
  const lstm = await createIpaForecaster({ model: 'lstm' });
  const json: object[] = [];
  console.log(`IPA: mean cores and request-weighted PAS % of each system and of the frontier, calm intervals (≤ ${fmt(splitRps)} req/s) and loaded ones`);
  console.log('pipeline/window           phase   intervals  requests  FA2-low          IPA improved     IPA paper        frontier');
  for (const workload of workloads) {
    const arrivals = Array.from(traceWindow(trace, findWindow(workload)));
    for (const name of pipelines) {
      const pipeline = loadIpaPipeline(name);
      const low = await runIpaSystem(pipeline, arrivals, { name: 'FA2-low', mode: 'fa2-low', forecaster: lstm }, 1);
      const improved = await runIpaSystem(
        pipeline,
        arrivals,
        { name: 'IPA', mode: 'ipa', forecaster: lstm, config: { method: 'improved', improved: improvedSettings } },
        1,
      );
      const paper = await runIpaSystem(pipeline, arrivals, { name: 'IPA (method: paper)', mode: 'ipa', forecaster: lstm, config: { method: 'paper' } }, 1);
      const frontier = frontierBoundInput(arrivals, createIpaScaler({ profile: name, mode: 'ipa' }).pipeline, low.summary.meanCores);
      const budgetMeanCores = frontier.budgetMeanCores;
      const plan = wholeReplicaPlan(frontier);
      const label = `${name}/${workload}`.padEnd(24);
      if (!plan) {
        console.log(`${label}  no frontier: nothing fits ${fmt(budgetMeanCores)} mean cores`);
        continue;
      }
      const systems = [
        { name: 'FA2-low', series: low.series },
        { name: 'IPA', series: improved.series },
        { name: 'IPA (method: paper)', series: paper.series },
      ];
      for (const row of phaseSpend(plan, systems, splitRps)) {
        const cells = row.spend.map((s) => `${fmt(s.meanCores).padStart(6)} / ${fmt(s.pasPct).padStart(6)}`);
        console.log(`${label}  ${row.phase.padEnd(6)}  ${String(row.intervals).padStart(9)}  ${String(row.requests).padStart(8)}  ${cells.join('  ')}`);
        json.push({ case: 'frontier-phases', pipeline: name, workload, splitRps, budgetMeanCores, ...row });
      }
      if (perInterval) {
        const byStart = systems.map((s) => new Map(s.series.map((r) => [r.startS, r])));
        for (const p of plan) {
          const cells = byStart.map((at) => {
            const r = at.get(p.startS);
            return r ? `${fmt(r.meanCores)} / ${fmt(100 * r.accuracy)}` : '–';
          });
          const choices = p.choices
            .map((c) => `${c.variants.join('+')} ×${c.replicas.join('/')}${c.weight < 1 - 1e-9 ? ` (${fmt(c.weight)})` : ''}`)
            .join(', ');
          console.log(
            `  ${String(p.startS).padStart(5)} s  ${fmt(p.requests / p.lengthS).padStart(6)} req/s  ${cells.join('  ')}  frontier ${fmt(p.cores)} / ${fmt(100 * (p.pas ?? 0))}: ${choices}`,
          );
        }
      }
    }
  }
  for (const line of json) console.log(JSON.stringify(line));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

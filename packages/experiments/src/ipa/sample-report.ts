// `npm run ipa-sample -w @infscale/experiments -- [--split train|test] [--windows N] [--seed S]
//   [--minutes M] [--pipeline P[,P…]|all] [--methods M[,M…]] [--improved-settings JSON] [--improved-config JSON]
//   [--trace-file PATH [--scale F]]
//   [--per-window]`:
// both IPA methods (and FA2-low, whose cores set the frontier's budget) on N windows of M minutes drawn
// at random from one split of the Twitter trace (damped by 8, as the paper's workloads), so the methods
// are judged on many windows, not a handful: SLA violations over every request and per window, the
// mean share of the frontier's gain and the mean cores against FA2-low's. A table, then one JSON line
// per pipeline and method. About 0.6 s per window and pipeline.
import { IPA_PIPELINES, loadIpaPipeline } from '@infscale/profiles';
import { createIpaForecaster, createIpaScaler } from '@infscale/scalers';
import { fmt } from '../format';
import { jsonObjectFlag, knownListFlag } from '../report-flags';
import { refuseUnknownFlags } from '@infscale/core';
import { parseSampleFlags, SAMPLE_FLAGS, sampleFlagsHelp, sampleSource, type SampleMethod } from '../sample-flags';
import { sampleWindowStarts } from '../sampled-windows';
import { ipaRow } from './report';
import { runIpaSystem } from './run';
import { summarizeSample, type SampledRun } from './sample-summary';
import { gainCaptured, ipaFrontier } from './targets';

const DAMPING = 8;
const DEFAULTS = { windows: 40, minutes: 20 };
const HELP = `npm run ipa-sample -w @infscale/experiments -- [flags]

Both IPA methods on windows drawn at random (seeded) from one split of the Twitter trace, damped by 8, or your trace.
${sampleFlagsHelp(DEFAULTS)}
  --pipeline P[,P…]|all    default all (${IPA_PIPELINES.join(', ')})
  --improved-settings JSON the improved method's settings over its defaults (its config's \`improved\` section)
  --improved-config JSON   scaler settings over the improved method's (top level, e.g. '{"upscaleCheck": {"tolerance": 0.1, "factor": 1.5}}')`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(HELP);
    return;
  }
  refuseUnknownFlags(args, { ...SAMPLE_FLAGS, '--pipeline': 'value', '--improved-settings': 'value', '--improved-config': 'value' });
  const pipelines = knownListFlag<string>(args, '--pipeline', IPA_PIPELINES, IPA_PIPELINES, 'pipeline');
  const flags = parseSampleFlags(args, DEFAULTS);
  const { count, seed, minutes, methods, perWindow } = flags;
  const improvedSettings = jsonObjectFlag(args, '--improved-settings', '{"headroom": 0.13}');
  const improvedConfig = jsonObjectFlag(args, '--improved-config', '{"upscaleCheck": {"tolerance": 0.1, "factor": 1.5}}', {
    improved: 'give the improved section with --improved-settings',
    method: 'the methods run are chosen with --methods',
  });

  const source = sampleSource(flags, DAMPING);
  const lengthS = minutes * 60;
  const starts = sampleWindowStarts({ fromS: source.fromS, toS: source.toS, lengthS, count, seed });
  const lstm = await createIpaForecaster({ model: 'lstm' });
  console.log(
    `IPA on ${count} windows of ${minutes} min drawn from ${source.label} (seed ${seed}); gain = share of the frontier's gain over FA2-low, cores × FA2-low's`,
  );
  console.log('pipeline     method    SLA viol. %  windows > 1 %  worst %  gain (windows)  cores ×');
  const json: object[] = [];
  for (const name of pipelines) {
    const pipeline = loadIpaPipeline(name);
    const scalerPipeline = createIpaScaler({ profile: name, mode: 'ipa' }).pipeline;
    const runs: Record<SampleMethod, SampledRun[]> = { improved: [], paper: [] };
    for (const [k, start] of starts.entries()) {
      const arrivals = Array.from(source.counts.subarray(start, start + lengthS), (x) => Math.trunc(x / source.damping));
      const low = ipaRow(await runIpaSystem(pipeline, arrivals, { name: 'FA2-low', mode: 'fa2-low', forecaster: lstm }, 1), new Map());
      const frontier = ipaFrontier({ rows: [low], arrivals, pipeline: scalerPipeline });
      const frontierPct = frontier?.bound.feasible && frontier.bound.pas !== undefined ? 100 * frontier.bound.pas : NaN;
      for (const method of methods) {
        const config = method === 'improved' ? { ...improvedConfig, method, improved: improvedSettings } : { method };
        const run = await runIpaSystem(pipeline, arrivals, { name: 'IPA', mode: 'ipa', forecaster: lstm, config }, 1);
        const row = ipaRow(run, new Map());
        const r: SampledRun = {
          arrived: run.summary.arrived,
          violationPct: row.sloViolationPct,
          gain: gainCaptured(row.accuracy, low.accuracy, frontierPct),
          coresRatio: row.meanCores / low.meanCores,
        };
        runs[method].push(r);
        if (perWindow)
          console.error(`${name} #${k + 1} @${start}s ${method}: viol ${fmt(r.violationPct)} %, gain ${fmt(r.gain)}, cores × ${fmt(r.coresRatio)}`);
      }
      if (!perWindow && (k + 1) % 10 === 0) console.error(`${name}: ${k + 1}/${count} windows`);
    }
    for (const method of methods) {
      const s = summarizeSample(runs[method]);
      json.push({ case: 'ipa-sample', source: flags.traceFile ?? flags.split, seed, minutes, pipeline: name, method, ...s });
      console.log(
        `${name.padEnd(12)} ${method.padEnd(9)} ${fmt(s.violationPct).padStart(11)}  ${`${s.windowsOverTarget} / ${s.windows}`.padStart(13)}  ${fmt(s.worstWindowPct).padStart(7)}  ${`${fmt(s.meanGain)} (${s.windowsWithFrontier})`.padStart(14)}  ${fmt(s.meanCoresRatio).padStart(7)}`,
      );
    }
  }
  for (const line of json) console.log(JSON.stringify(line));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

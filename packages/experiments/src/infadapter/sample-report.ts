// `npm run infadapter-sample -w @infscale/experiments -- [--split train|test] [--windows N] [--seed S]
//   [--minutes M] [--methods M[,M…]] [--per-window] [--trace-file PATH [--scale F]] [--start own|paper]
//   [--improved-config JSON]`:
// both InfAdapter methods on N windows of M minutes drawn at random from one split of the Twitter trace
// (as it is, like the paper's segment), each starting where its own decision for the window's first minute puts
// it or, with --start paper, as the paper's runs do (ResNet152 at 20 cores):
// SLO violations over every request and per window, and each run's core-seconds against the clairvoyant
// frontier's least at the run's accuracy (issue #19's target: ≤ 1.3). A table, then one JSON line per
// method. About 1 s per window and method.
import { loadPretrained, type ForecastModel } from '@infscale/forecasting';
import { loadInfAdapterProfiles } from '@infscale/profiles';
import { errorMessage, refuseUnknownFlags } from '@infscale/core';
import { fmt } from '../format';
import { choiceFlag, jsonObjectFlag } from '../report-flags';
import { parseSampleFlags, SAMPLE_FLAGS, sampleFlagsHelp, sampleSource, type SampleMethod } from '../sample-flags';
import { sampleWindowStarts } from '../sampled-windows';
import { runSystem } from './run';
import { summarizeInfAdapterSample, type SampledInfAdapterRun } from './sample-summary';
import { infAdapterSystems, paperInfAdapterConfig, paperRow, START_MODES } from './systems';
import { frontierInput, frontierOf, INFADAPTER_TARGETS } from './targets';

const DEFAULTS = { windows: 40, minutes: 21 };
const HELP = `npm run infadapter-sample -w @infscale/experiments -- [flags]

Both InfAdapter methods on windows drawn at random (seeded) from one split of the Twitter trace, undamped, or your trace.
${sampleFlagsHelp(DEFAULTS)}
  --start own|paper        own (default): each method starts where its own decision, given the window's first minute,
                           puts it; paper: every run starts as the paper's do, ResNet152 with the whole budget (67
                           req/s: a cold start for a window that begins at a high load)
  --improved-config JSON   scaler config fields over the improved method's, e.g. '{"burstSpare": {"holdFor": "10m"}}'`;

/** The row each method runs as when both run side by side (infAdapterSystems' names). */
const SYSTEM_OF: Record<SampleMethod, string> = { improved: 'infadapter', paper: paperRow('infadapter') };

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(HELP);
    return;
  }
  refuseUnknownFlags(args, { ...SAMPLE_FLAGS, '--start': 'value', '--improved-config': 'value' });
  const flags = parseSampleFlags(args, DEFAULTS);
  const { count, seed, minutes, methods, perWindow } = flags;
  const startMode = choiceFlag(args, '--start', 'own', START_MODES);
  const improvedConfig = jsonObjectFlag(args, '--improved-config', '{"burstSpare": {"holdFor": "10m"}}');
  const source = sampleSource(flags, 1);
  const profiles = loadInfAdapterProfiles();
  const config = paperInfAdapterConfig(profiles);
  let model: ForecastModel | undefined;
  try {
    model = await loadPretrained('infadapter');
  } catch (err) {
    console.error(`the shipped InfAdapter LSTM could not be loaded (${errorMessage(err)}): EWMA forecasts throughout`);
  }
  const lengthS = minutes * 60;
  const starts = sampleWindowStarts({ fromS: source.fromS, toS: source.toS, lengthS, count, seed });
  console.log(
    `InfAdapter on ${count} windows of ${minutes} min drawn from ${source.label} (seed ${seed}, ${startMode === 'own' ? 'each starting on its own decision for the first minute' : "the paper's start"}); ratio = core-seconds / the frontier's least at the run's accuracy (target ≤ ${INFADAPTER_TARGETS.costVsFrontier})`,
  );
  console.log('method     SLO viol. %  windows > 1 %  worst %  ratio mean  median  windows ≤ 1.3  mean cores  accuracy');
  const runs: Record<SampleMethod, SampledInfAdapterRun[]> = { improved: [], paper: [] };
  for (const [k, start] of starts.entries()) {
    const arrivals = Array.from(source.counts.subarray(start, start + lengthS));
    const frontier = frontierOf(frontierInput(arrivals, profiles));
    const systems = infAdapterSystems({ profiles, arrivals, model, only: methods.map((m) => SYSTEM_OF[m]), mode: 'both', start: startMode, improvedConfig });
    for (const method of methods) {
      const system = systems.find((s) => s.name === SYSTEM_OF[method]);
      if (!system) throw new Error(`no system ${SYSTEM_OF[method]} for method ${method}`);
      const run = await runSystem(system, { profiles, config, arrivals, seed: 1, intervalS: 30, sampleLatencies: false });
      const s = run.summary;
      const least = frontier.coreSecondsAt(s.accuracy);
      const r: SampledInfAdapterRun = {
        arrived: s.arrived,
        violationPct: 100 * s.sloViolationRate,
        frontierRatio: least === undefined ? NaN : s.coreSeconds / least,
        meanCores: s.meanCores,
        accuracy: s.accuracy,
      };
      runs[method].push(r);
      if (perWindow)
        console.error(
          `#${k + 1} @${start}s ${method}: viol ${fmt(r.violationPct)} %, ratio ${fmt(r.frontierRatio)}, cores ${fmt(r.meanCores)}, accuracy ${fmt(r.accuracy)}`,
        );
    }
    if (!perWindow && (k + 1) % 10 === 0) console.error(`${k + 1}/${count} windows`);
  }
  const json: object[] = [];
  for (const method of methods) {
    const s = summarizeInfAdapterSample(runs[method]);
    json.push({ case: 'infadapter-sample', source: flags.traceFile ?? flags.split, seed, minutes, start: startMode, method, ...s });
    console.log(
      `${method.padEnd(9)} ${fmt(s.violationPct).padStart(12)}  ${`${s.windowsOverTarget} / ${s.windows}`.padStart(13)}  ${fmt(s.worstWindowPct).padStart(7)}  ${fmt(s.meanFrontierRatio).padStart(10)}  ${fmt(s.medianFrontierRatio).padStart(6)}  ${`${s.windowsWithinRatio} / ${s.windowsWithFrontier}`.padStart(13)}  ${fmt(s.meanCores).padStart(10)}  ${fmt(s.meanAccuracy).padStart(8)}`,
    );
  }
  for (const line of json) console.log(JSON.stringify(line));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});

import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { numberFlag, SEED } from '../number-flag';
import { UsageError, type Io } from '../program';
import { stderrProgress } from '../compare/progress-bar';
import { comparisonJson, comparisonTable, comparisonText } from '../compare/output';
import { renderHtmlReport } from '../report/html-report';
import { scenarios, type ComparisonResult, type Progress, type ScenarioOptions, type UserTrace } from '@infscale/experiments';
import { refuseFlagsNotFor } from './compare-scenario-flags';
import { checkOutputFolder, makeOutputFolder, writeOutputFile } from './output-file';
import { addProfileFileOption, readUserProfile } from './profile-file';
import { addTraceFileOptions, refuseWithoutFile, resolveTraceFile, traceSummaryLine, type TraceFileFlags } from './trace-source';

interface CompareFlags extends TraceFileFlags {
  scenario: string;
  profileFile?: string;
  window?: string;
  pipeline?: string;
  workload?: string;
  seed: string;
  json?: boolean;
  out: string;
  report: boolean;
  upscaleCheck?: string;
  decideWhileWaiting?: string;
  improvedSettings?: string;
  mode?: string;
}

function slug(text: string): string {
  return text.replace(/[^a-zA-Z0-9.-]+/g, '-');
}

/** --trace-file and its shaping flags as the scenario's trace; undefined without a file. */
function userTrace(flags: CompareFlags): UserTrace | undefined {
  refuseWithoutFile(flags, ['scale', 'from', 'to', 'smooth', 'column', 'timestampColumn']);
  if (flags.traceFile === undefined) return undefined;
  const { window, values } = resolveTraceFile({ ...flags, traceFile: flags.traceFile });
  return { name: window.name, arrivals: values, description: window.description };
}

/** Runs a scenario and prints its table (or JSON); writes the HTML report; returns the results. */
export async function runComparison(flags: CompareFlags, io: Io, progress: Progress = stderrProgress(io)): Promise<ComparisonResult[]> {
  const scenario = scenarios.find((s) => s.name === flags.scenario);
  if (!scenario) {
    const known = scenarios.map((s) => s.name);
    throw new UsageError(`--scenario must be one of ${known.length ? known.join(', ') : '(none built yet)'}, got "${flags.scenario}"`);
  }
  refuseFlagsNotFor(scenario, flags, scenarios);
  const trace = userTrace(flags);
  if (trace) io.err(`read ${traceSummaryLine(trace.name, trace.arrivals)}`);
  if (trace && flags.window !== undefined) throw new UsageError(`give either --window ("${flags.window}") or --trace-file, not both`);
  if (flags.window !== undefined && !scenario.windows.includes(flags.window)) {
    throw new UsageError(`--window must be one of ${scenario.windows.join(', ')} for scenario ${scenario.name}, got "${flags.window}"`);
  }
  const seed = numberFlag('--seed', flags.seed, SEED);
  if (flags.upscaleCheck !== undefined && flags.upscaleCheck !== 'on' && flags.upscaleCheck !== 'off')
    throw new UsageError(`--upscale-check must be on or off, got "${flags.upscaleCheck}"`);
  const profile = readUserProfile(flags.profileFile);
  if (flags.report) checkOutputFolder('--out', flags.out);
  const options: ScenarioOptions = {
    window: trace ? undefined : (flags.window ?? scenario.defaultWindow),
    trace,
    profile,
    pipeline: flags.pipeline,
    workload: flags.workload,
    seed,
    upscaleCheck: flags.upscaleCheck,
    decideWhileWaiting: flags.decideWhileWaiting,
    improvedSettings: flags.improvedSettings,
    mode: flags.mode,
  };
  const results = await scenario.run(options, progress);
  progress.stop();

  for (const result of results) io.out(flags.json ? comparisonJson(result) : comparisonText(result) + '\n');
  if (flags.report) {
    const dir = resolve(flags.out);
    makeOutputFolder('--out', dir);
    for (const result of results) {
      const file = join(dir, `${slug(result.scenario)}-${slug(result.window)}.html`);
      const t = comparisonTable(result);
      writeOutputFile(
        '--out',
        file,
        renderHtmlReport({
          title: `infscale comparison: ${result.scenario}`,
          subtitle: `window ${result.window}, seed ${seed}; SLO violations count late and dropped requests`,
          table: t,
          sections: result.sections,
          provenance: `infscale compare --scenario ${result.scenario}${profile ? ` --profile-file ${profile.file}` : ''} ${trace ? `--trace-file ${flags.traceFile}` : `--window ${options.window ?? ''}`} --seed ${seed}${flags.upscaleCheck ? ` --upscale-check ${flags.upscaleCheck}` : ''}${flags.decideWhileWaiting ? ` --decide-while-waiting ${flags.decideWhileWaiting}` : ''}${flags.improvedSettings ? ` --improved-settings '${flags.improvedSettings}'` : ''}${flags.mode ? ` --mode ${flags.mode}` : ''}`,
        }),
      );
      if (!flags.json) io.out(`report: ${file}`);
      else io.err(`report: ${file}`);
    }
  }
  return results;
}

export function registerCompare(program: Command, io: Io): void {
  const command = program
    .command('compare')
    .description('Run a scaler and its baselines on the same seeded arrivals in the simulator; print a table and write an HTML report')
    .requiredOption('--scenario <name>', 'infadapter | ipa | sponge')
    .option('--window <name>', 'trace window (infadapter: segment | day | holdout-surge | holdout-noon | holdout-day | train-surge | train-noon | train-day)')
    .option('--pipeline <names>', 'ipa: video | audio-qa | audio-sent | sum-qa | nlp, a comma-separated list of them, or all')
    .option(
      '--workload <names>',
      'ipa: bursty | steady-low | steady-high | fluctuating | holdout-surge-d8 | holdout-noon-d8 | all (these six) | train-surge-d8 | train-noon-d8; sponge: constant-10 | constant-20 | twitter | all; a comma-separated list of them runs each',
    )
    .option('--seed <n>', 'seed of the arrivals and every random choice', '1');
  addProfileFileOption(
    command,
    "infadapter, sponge: your own model instead of the paper's (a YAML/JSON file with the chart's infadapter or sponge section, as `infscale profile` writes it): the same systems, VPA sweep, frontier and targets on your variants",
  );
  addTraceFileOptions(command, {
    traceFile:
      'your own trace instead of the bundled window (infadapter) or workloads (ipa, sponge): the same systems, table and JSON. ' +
      'Its counts are replayed as given: the ipa windows are the Twitter trace damped by 8, a file is not (use --scale 0.125 for the same)',
  });
  command
    .option(
      '--upscale-check <on|off>',
      "infadapter, ipa (refused for sponge, which has none): off = the scalers decide only every interval, as the papers' loops (default on: between decisions they act at once on a load over capacity)",
    )
    .option(
      '--decide-while-waiting <on|off>',
      'ipa: off = the improved method holds while a plan waits for new pods to load, as before (default on: it keeps deciding, and a new plan replaces the waiting one)',
    )
    .option(
      '--improved-settings <json>',
      'the improved method\'s settings over its defaults: ipa, the scaler config\'s `improved` section, e.g. \'{"switchGain": 0.03, "headroom": 0.13}\'; infadapter, scaler config fields, e.g. \'{"burstSpare": {}}\' (for tuning on the train-* workloads)',
    )
    .option(
      '--mode <paper|improved|both>',
      "infadapter and ipa: the paper's method (the reproduction tables), the improved one (the scalers' default), or both side by side (default)",
    )
    .option('--json', 'print {scenario, window, rows: [...]} per result, one JSON object per line')
    .option('--out <dir>', 'folder for the HTML reports', 'out')
    .option('--no-report', 'do not write the HTML report')
    .action(async (flags: CompareFlags) => {
      await runComparison(flags, io);
    });
}

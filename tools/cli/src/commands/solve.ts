import type { Command } from 'commander';
import {
  IPA_PIPELINES,
  loadInfAdapterProfiles,
  loadIpaPipeline,
  loadLatencyFits,
  loadSpongeProfile,
  SPONGE_PROFILES,
  type SpongeProfileName,
} from '@infscale/profiles';
import {
  BACKEND_NAMES,
  fitLatencyModel,
  infAdapterProblemFromProfiles,
  ipaProblemFromPipeline,
  latencySamples,
  loadMilpBackends,
  solveInfAdapter,
  solveIpa,
  solveSponge,
  type IpaMode,
  type SolveOptions,
  type SolveResult,
} from '@infscale/solver';
import { MAX_RPS, numberFlag, optionalNumberFlag, type NumberRange } from '../number-flag';
import { NoSolutionError, RunFailedError, UsageError, type Io } from '../program';
import type { RegisterCommand } from './index';
import { addProfileFileOption, profileOf, readUserProfile } from './profile-file';

/** The ranges of solve's number flags: what the programs are defined for, with room to spare. */
const LOAD: NumberRange = { min: 0, max: MAX_RPS };
const WEIGHT: NumberRange = { min: 0, max: 1_000_000 };
const MS: NumberRange = { min: 1, max: 3_600_000 };
const CORES: NumberRange = { integer: true, min: 1, max: 10_000 };
const COUNT: NumberRange = { integer: true, min: 1, max: 10_000 };

function oneOf<T extends string>(flag: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${raw}")`);
  return raw as T;
}

function list(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

async function options(backendRaw: string): Promise<SolveOptions> {
  const backend = oneOf('--backend', backendRaw, BACKEND_NAMES);
  const now = (): number => performance.now();
  const needsMilp = backend === 'glpk' || backend === 'highs' || backend === 'jsl';
  return { backend, now, ...(needsMilp ? { milp: await loadMilpBackends(now) } : {}) };
}

/**
 * Prints the result (JSON or a table); an infeasible program exits 3 with its reason, a failed solver 1.
 * Without --json the reason is printed once, by the error (stdout and stderr of a terminal show both).
 */
function print<D>(io: Io, json: boolean, result: SolveResult<D>, table: (d: D) => string[]): void {
  if (result.status === 'invalid') throw new UsageError(result.reason);
  if (json) {
    io.out(JSON.stringify(result));
  } else if (result.status === 'optimal') {
    io.out([...table(result.decision), `objective ${result.objective.toPrecision(10)}  (${result.backend}, ${result.solveMs.toFixed(2)} ms)`].join('\n'));
  }
  if (result.status === 'failed') throw new RunFailedError(`the solver failed: ${result.reason}`);
  if (result.status === 'infeasible') throw new NoSolutionError(`infeasible: ${result.reason}`);
}

const pad = (cells: (string | number)[]): string => cells.map((c, i) => String(c).padEnd(i === 0 ? 34 : 10)).join(' ');

export const registerSolve: RegisterCommand = (program: Command, io: Io) => {
  const solve = program
    .command('solve')
    .description("Solve one scaler's integer program on the bundled paper profiles, or your own (--profile-file), and print the decision")
    .addHelpText(
      'after',
      `\nNumbers are decimal (no 0x…), finite and within each flag's range (--load 0 to ${MAX_RPS} req/s).\n` +
        'Exit codes: 0 a decision; 2 a bad flag (out of range included), naming it; 3 infeasible: the flags are valid but no\n' +
        'allocation carries the load within the budget and SLO (the reason on stderr; with --json the result on stdout too); 1 a solver failure.',
    );
  // The default (search, the benchmark winner) is shown once, by commander.
  const backendHelp = `backend: ${BACKEND_NAMES.join('|')}; search won the benchmark`;

  const infadapter = solve
    .command('infadapter')
    .description("InfAdapter: variants, cores and quotas for one task (ResNet18…152, or your --profile-file's variants)")
    .requiredOption('--load <rps>', 'λ, req/s (whole number)')
    .option('--alpha <x>', "weight of Σ cores / budget (default 0.05, or the profile file's objective)")
    .option('--beta <x>', "weight of the loading cost (default 0.001, or the profile file's)")
    .option('--budget <cores>', "total cores (default 20, or the profile file's budget)")
    .option('--slo <ms>', "latency SLO (default 750, or the profile file's; the fit is at that SLO only)")
    .option('--capacity <how>', 'fit|table: the linear fit ×0.8 or the profiled capacities', 'fit')
    .option('--current <list>', 'running configuration, variant:cores,… (default: the most accurate variant with the whole budget, resnet152:20)')
    .option('--fill-order <order>', 'greedy|paper (the paper code: only the least accurate active variant may exceed λ)', 'greedy')
    .option('--backend <name>', backendHelp, 'search')
    .option('--json', 'print one JSON object');
  addProfileFileOption(infadapter).action(async (o: Record<string, string | boolean | undefined>) => {
    const profiles = profileOf(readUserProfile(o.profileFile as string | undefined), 'infadapter', 'solve infadapter') ?? loadInfAdapterProfiles();
    const s = profiles.settings;
    const budgetCores = numberFlag('--budget', String(o.budget ?? s.maxCores), CORES);
    const mostAccurate = [...profiles.variants].sort((a, b) => b.accuracy - a.accuracy)[0]!.name;
    const current: Record<string, number> = {};
    for (const item of list(typeof o.current === 'string' ? o.current : `${mostAccurate}:${budgetCores}`)) {
      const [name, cores] = item.split(':');
      if (!name || cores === undefined) throw new UsageError(`--current expects variant:cores,… (got "${item}")`);
      current[name] = numberFlag('--current', cores, { integer: true, min: 0, max: CORES.max });
    }
    const built = infAdapterProblemFromProfiles(profiles, {
      loadRps: numberFlag('--load', String(o.load), { ...LOAD, integer: true }),
      alpha: numberFlag('--alpha', String(o.alpha ?? s.alpha), WEIGHT),
      beta: numberFlag('--beta', String(o.beta ?? s.beta), WEIGHT),
      budgetCores,
      sloMs: numberFlag('--slo', String(o.slo ?? s.sloMs), MS),
      capacity: oneOf('--capacity', String(o.capacity), ['fit', 'table'] as const),
      current,
      fillOrder: oneOf('--fill-order', String(o.fillOrder), ['greedy', 'paper'] as const),
    });
    if ('error' in built) throw new UsageError(built.error);
    print(io, o.json === true, solveInfAdapter(built.problem, await options(String(o.backend))), (d) => [
      pad(['variant', 'cores', 'quota', 'capacity']),
      ...d.allocations.map((a) => pad([a.variant, a.cores, a.quotaRps, a.capacityRps])),
      `accuracy ${d.accuracy.toFixed(5)}  cores ${d.totalCores}  loading ${d.loadingCostS} s`,
    ]);
  });

  solve
    .command('ipa')
    .description('IPA: per stage of a pipeline, variant, batch and replicas')
    .requiredOption('--load <rps>', 'λ, req/s')
    .option('--pipeline <name>', IPA_PIPELINES.join('|'), 'video')
    .option('--alpha <x>', 'accuracy weight (default: the pipeline setting)')
    .option('--beta <x>', 'cost weight (default: the pipeline setting)')
    .option('--gamma <x>', 'batch weight (default 1e-6)')
    .option('--sla <ms>', 'end-to-end SLA (default: the pipeline setting)')
    .option('--max-batch <b>', 'batch cap (default: video 8, others 1)')
    .option('--scaling-cap <n>', 'most replicas per stage', '100')
    .option('--accuracy <how>', 'sum|product', 'sum')
    .option('--accuracy-values <v>', 'rank|raw', 'rank')
    .option('--accuracy-floor <x>', 'lowest rank', '0')
    .option('--mode <m>', 'ipa|fa2|rim', 'ipa')
    .option('--variants <list>', 'fa2: one variant per stage')
    .option('--replicas <list>', 'rim: replicas per stage')
    .option('--backend <name>', backendHelp, 'search')
    .option('--json', 'print one JSON object')
    .action(async (o: Record<string, string | boolean | undefined>) => {
      const name = oneOf('--pipeline', String(o.pipeline), IPA_PIPELINES);
      const pipeline = loadIpaPipeline(name);
      const modeName = oneOf('--mode', String(o.mode), ['ipa', 'fa2', 'rim'] as const);
      // IPA's own mode chooses variants and replicas: the fixed ones of the baselines would be ignored.
      if (o.variants !== undefined && modeName !== 'fa2')
        throw new UsageError(`--variants applies to --mode fa2 only (its fixed variant per stage), got --mode ${modeName}`);
      if (o.replicas !== undefined && modeName !== 'rim')
        throw new UsageError(`--replicas applies to --mode rim only (its fixed replicas per stage), got --mode ${modeName}`);
      let mode: IpaMode = { kind: 'ipa' };
      if (modeName === 'fa2') {
        if (typeof o.variants !== 'string') throw new UsageError('--variants is required with --mode fa2');
        const variants = list(o.variants);
        if (variants.length !== pipeline.stages.length)
          throw new UsageError(`--variants needs ${pipeline.stages.length} names (one per stage), got ${variants.length}`);
        variants.forEach((v, s) => {
          const stage = pipeline.stages[s]!;
          if (!stage.variants.some((x) => x.name === v))
            throw new UsageError(`--variants: ${v} is not in stage ${stage.name} (known: ${stage.variants.map((x) => x.name).join(', ')})`);
        });
        mode = { kind: 'fa2', variants };
      } else if (modeName === 'rim') {
        if (typeof o.replicas !== 'string') throw new UsageError('--replicas is required with --mode rim');
        const replicas = list(o.replicas).map((r) => numberFlag('--replicas', r, COUNT));
        if (replicas.length !== pipeline.stages.length) throw new UsageError(`--replicas needs ${pipeline.stages.length} counts, got ${replicas.length}`);
        mode = { kind: 'rim', replicas };
      }
      const opt = (flag: string, v: unknown, range: NumberRange): number | undefined => optionalNumberFlag(flag, typeof v === 'string' ? v : undefined, range);
      const problem = ipaProblemFromPipeline(pipeline, {
        loadRps: numberFlag('--load', String(o.load), LOAD),
        alpha: opt('--alpha', o.alpha, WEIGHT),
        beta: opt('--beta', o.beta, WEIGHT),
        gamma: opt('--gamma', o.gamma, WEIGHT),
        slaMs: opt('--sla', o.sla, MS),
        maxBatch: opt('--max-batch', o.maxBatch, { integer: true, min: 1, max: 1_024 }),
        scalingCap: numberFlag('--scaling-cap', String(o.scalingCap), COUNT),
        accuracy: oneOf('--accuracy', String(o.accuracy), ['sum', 'product'] as const),
        accuracyValues: oneOf('--accuracy-values', String(o.accuracyValues), ['rank', 'raw'] as const),
        accuracyFloor: numberFlag('--accuracy-floor', String(o.accuracyFloor), WEIGHT),
        mode,
      });
      print(io, o.json === true, solveIpa(problem, await options(String(o.backend))), (d) => [
        pad(['stage', 'variant', 'batch', 'replicas', 'cores']),
        ...d.stages.map((s) => pad([s.stage, s.variant, s.batch, s.replicas, s.cores])),
        `accuracy ${d.accuracy.toFixed(4)}  cores ${d.cores}  latency ${d.latencyMs.toFixed(0)} ms (SLA ${problem.slaMs.toFixed(0)})`,
      ]);
    });

  solve
    .command('sponge')
    .description('Sponge: fewest cores, then smallest batch, meeting every queued deadline')
    .requiredOption('--load <rps>', 'predicted λ, req/s')
    .option('--slo <ms>', "SLO of a request (default 1000, or the profile file's slo.latencyMs)")
    .option('--queue <list>', 'remaining budgets (ms) of queued requests, e.g. 820,640', '')
    .option('--arrival-budget <ms>', 'budget of each predicted arrival (default: the smallest queued budget, or the SLO)')
    .option('--interval <s>', 'decision interval', '1')
    .option('--profile <name>', `latency fit of a bundled profile: ${[...Object.keys(SPONGE_PROFILES), 'notebook'].join('|')} (default resnet18)`)
    .option(
      '--profile-file <path>',
      "your own model instead: a YAML/JSON file with the chart's sponge section (its latencyModel {gamma, delta, epsilon, eta} and slo {latencyMs})",
    )
    .option('--headroom <x>', 'fraction of each budget to plan with', '0.9')
    .option('--max-cores <n>', 'core cap', '16')
    .option('--max-batch <n>', 'batch cap', '16')
    .option('--backend <name>', backendHelp, 'search')
    .option('--json', 'print one JSON object')
    .action(async (o: Record<string, string | boolean | undefined>) => {
      if (o.profile !== undefined && o.profileFile !== undefined) throw new UsageError('give either --profile or --profile-file, not both');
      const own = profileOf(readUserProfile(o.profileFile as string | undefined), 'sponge', 'solve sponge');
      const slo = numberFlag('--slo', String(o.slo ?? own?.sloMs ?? 1000), MS);
      const queue = list(String(o.queue ?? '')).map((b) => numberFlag('--queue', b, { min: 0, max: MS.max }));
      if (queue.some((b) => b > slo)) throw new UsageError(`--queue: a remaining budget cannot exceed --slo ${slo}`);
      const profile = oneOf('--profile', String(o.profile ?? 'resnet18'), [...(Object.keys(SPONGE_PROFILES) as SpongeProfileName[]), 'notebook'] as const);
      const model = own?.model ?? (profile === 'notebook' ? loadLatencyFits()[0] : fitLatencyModel(latencySamples(loadSpongeProfile(profile))));
      if (!model) throw new UsageError(`--profile ${profile}: the profile cannot determine the latency model`);
      const arrival =
        optionalNumberFlag('--arrival-budget', typeof o.arrivalBudget === 'string' ? o.arrivalBudget : undefined, { min: 0, max: MS.max }) ??
        (queue.length > 0 ? Math.min(...queue) : slo);
      const result = solveSponge(
        {
          model,
          queueBudgetsMs: queue,
          loadRps: numberFlag('--load', String(o.load), LOAD),
          intervalS: numberFlag('--interval', String(o.interval), { min: 1e-3, max: 3_600 }),
          arrivalBudgetMs: arrival,
          headroom: numberFlag('--headroom', String(o.headroom), { above: 0, max: 1 }),
          maxCores: numberFlag('--max-cores', String(o.maxCores), { integer: true, min: 1, max: 1_024 }),
          maxBatch: numberFlag('--max-batch', String(o.maxBatch), { integer: true, min: 1, max: 1_024 }),
        },
        await options(String(o.backend)),
      );
      print(io, o.json === true, result, (d) => [
        `cores ${d.cores}  batch ${d.batch}  batch latency ${d.batchLatencyMs.toFixed(1)} ms  throughput ${d.throughputRps.toFixed(1)} req/s  (${d.requests} requests planned, last done at ${d.finishMs.toFixed(0)} ms)`,
      ]);
    });
};

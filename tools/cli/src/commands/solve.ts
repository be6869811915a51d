import type { Command } from 'commander';
import { IPA_PIPELINES, loadInfAdapterProfiles, loadIpaPipeline, loadLatencyFits, loadSpongeProfile, SPONGE_PROFILES, type SpongeProfileName } from '@infscale/profiles';
import {
  BACKEND_NAMES, fitLatencyModel, infAdapterProblemFromProfiles, ipaProblemFromPipeline, latencySamples, loadMilpBackends,
  solveInfAdapter, solveIpa, solveSponge, type IpaMode, type SolveOptions, type SolveResult,
} from '@infscale/solver';
import { UsageError, type Io } from '../program';
import type { RegisterCommand } from './index';

function num(flag: string, raw: string, min = 0): number {
  const x = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(x) || x < min) throw new UsageError(`${flag} must be a number ≥ ${min} (got "${raw}")`);
  return x;
}

function int(flag: string, raw: string, min = 0): number {
  const x = num(flag, raw, min);
  if (!Number.isInteger(x)) throw new UsageError(`${flag} must be a whole number (got "${raw}")`);
  return x;
}

function oneOf<T extends string>(flag: string, raw: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(raw)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${raw}")`);
  return raw as T;
}

function list(raw: string): string[] {
  return raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

async function options(backendRaw: string): Promise<SolveOptions> {
  const backend = oneOf('--backend', backendRaw, BACKEND_NAMES);
  const now = (): number => performance.now();
  const needsMilp = backend === 'glpk' || backend === 'highs' || backend === 'jsl';
  return { backend, now, ...(needsMilp ? { milp: await loadMilpBackends(now) } : {}) };
}

function print<D>(io: Io, json: boolean, result: SolveResult<D>, table: (d: D) => string[]): void {
  if (result.status === 'invalid') throw new UsageError(result.reason);
  if (json) {
    io.out(JSON.stringify(result));
  } else if (result.status === 'optimal') {
    io.out([...table(result.decision), `objective ${result.objective.toPrecision(10)}  (${result.backend}, ${result.solveMs.toFixed(2)} ms)`].join('\n'));
  } else {
    io.out(`${result.status}: ${result.reason}`);
  }
  if (result.status === 'failed') throw new Error(result.reason);
}

const pad = (cells: (string | number)[]): string => cells.map((c, i) => String(c).padEnd(i === 0 ? 34 : 10)).join(' ');

export const registerSolve: RegisterCommand = (program: Command, io: Io) => {
  const solve = program.command('solve').description("Solve one scaler's integer program on the bundled paper profiles and print the decision");
  const backendHelp = `backend: ${BACKEND_NAMES.join('|')} (default: the benchmark winner)`;

  solve.command('infadapter').description('InfAdapter: variants, cores and quotas for one task (ResNet18…152)')
    .requiredOption('--load <rps>', 'λ, req/s (whole number)')
    .option('--alpha <x>', 'weight of Σ cores / budget', '0.05').option('--beta <x>', 'weight of the loading cost', '0.001')
    .option('--budget <cores>', 'total cores', '20').option('--slo <ms>', 'latency SLO (the fit exists for 750 only)', '750')
    .option('--capacity <how>', 'fit|table: the paper fit ×0.8 or the profiled capacities', 'fit')
    .option('--current <list>', 'running configuration, variant:cores,…', 'resnet152:20')
    .option('--fill-order <order>', 'greedy|paper (the paper code: only the least accurate active variant may exceed λ)', 'greedy')
    .option('--backend <name>', backendHelp, 'search').option('--json', 'print one JSON object')
    .action(async (o: Record<string, string | boolean | undefined>) => {
      const current: Record<string, number> = {};
      for (const item of list(String(o.current))) {
        const [name, cores] = item.split(':');
        if (!name || cores === undefined) throw new UsageError(`--current expects variant:cores,… (got "${item}")`);
        current[name] = int('--current', cores, 0);
      }
      const built = infAdapterProblemFromProfiles(loadInfAdapterProfiles(), {
        loadRps: int('--load', String(o.load)), alpha: num('--alpha', String(o.alpha)), beta: num('--beta', String(o.beta)),
        budgetCores: int('--budget', String(o.budget)), sloMs: num('--slo', String(o.slo), 1),
        capacity: oneOf('--capacity', String(o.capacity), ['fit', 'table'] as const), current,
        fillOrder: oneOf('--fill-order', String(o.fillOrder), ['greedy', 'paper'] as const),
      });
      if ('error' in built) throw new UsageError(built.error);
      print(io, o.json === true, solveInfAdapter(built.problem, await options(String(o.backend))), (d) => [
        pad(['variant', 'cores', 'quota', 'capacity']), ...d.allocations.map((a) => pad([a.variant, a.cores, a.quotaRps, a.capacityRps])),
        `accuracy ${d.accuracy.toFixed(5)}  cores ${d.totalCores}  loading ${d.loadingCostS} s`,
      ]);
    });

  solve.command('ipa').description('IPA: per stage of a pipeline, variant, batch and replicas')
    .requiredOption('--load <rps>', 'λ, req/s').option('--pipeline <name>', IPA_PIPELINES.join('|'), 'video')
    .option('--alpha <x>', 'accuracy weight (default: the pipeline setting)').option('--beta <x>', 'cost weight (default: the pipeline setting)')
    .option('--gamma <x>', 'batch weight (default 1e-6)').option('--sla <ms>', 'end-to-end SLA (default: the pipeline setting)')
    .option('--max-batch <b>', 'batch cap (default: video 8, others 1)').option('--scaling-cap <n>', 'most replicas per stage', '100')
    .option('--accuracy <how>', 'sum|product', 'sum').option('--accuracy-values <v>', 'rank|raw', 'rank').option('--accuracy-floor <x>', 'lowest rank', '0')
    .option('--mode <m>', 'ipa|fa2|rim', 'ipa').option('--variants <list>', 'fa2: one variant per stage').option('--replicas <list>', 'rim: replicas per stage')
    .option('--backend <name>', backendHelp, 'search').option('--json', 'print one JSON object')
    .action(async (o: Record<string, string | boolean | undefined>) => {
      const name = oneOf('--pipeline', String(o.pipeline), IPA_PIPELINES);
      const pipeline = loadIpaPipeline(name);
      const modeName = oneOf('--mode', String(o.mode), ['ipa', 'fa2', 'rim'] as const);
      let mode: IpaMode = { kind: 'ipa' };
      if (modeName === 'fa2') {
        if (typeof o.variants !== 'string') throw new UsageError('--variants is required with --mode fa2');
        const variants = list(o.variants);
        if (variants.length !== pipeline.stages.length) throw new UsageError(`--variants needs ${pipeline.stages.length} names (one per stage), got ${variants.length}`);
        variants.forEach((v, s) => {
          const stage = pipeline.stages[s]!;
          if (!stage.variants.some((x) => x.name === v)) throw new UsageError(`--variants: ${v} is not in stage ${stage.name} (known: ${stage.variants.map((x) => x.name).join(', ')})`);
        });
        mode = { kind: 'fa2', variants };
      } else if (modeName === 'rim') {
        if (typeof o.replicas !== 'string') throw new UsageError('--replicas is required with --mode rim');
        const replicas = list(o.replicas).map((r) => int('--replicas', r, 1));
        if (replicas.length !== pipeline.stages.length) throw new UsageError(`--replicas needs ${pipeline.stages.length} counts, got ${replicas.length}`);
        mode = { kind: 'rim', replicas };
      }
      const opt = (flag: string, v: unknown, f: (flag: string, raw: string) => number): number | undefined => (typeof v === 'string' ? f(flag, v) : undefined);
      const problem = ipaProblemFromPipeline(pipeline, {
        loadRps: num('--load', String(o.load)), alpha: opt('--alpha', o.alpha, num), beta: opt('--beta', o.beta, num), gamma: opt('--gamma', o.gamma, num),
        slaMs: opt('--sla', o.sla, num), maxBatch: opt('--max-batch', o.maxBatch, (f, r) => int(f, r, 1)), scalingCap: int('--scaling-cap', String(o.scalingCap), 1),
        accuracy: oneOf('--accuracy', String(o.accuracy), ['sum', 'product'] as const),
        accuracyValues: oneOf('--accuracy-values', String(o.accuracyValues), ['rank', 'raw'] as const), accuracyFloor: num('--accuracy-floor', String(o.accuracyFloor)), mode,
      });
      print(io, o.json === true, solveIpa(problem, await options(String(o.backend))), (d) => [
        pad(['stage', 'variant', 'batch', 'replicas', 'cores']), ...d.stages.map((s) => pad([s.stage, s.variant, s.batch, s.replicas, s.cores])),
        `accuracy ${d.accuracy.toFixed(4)}  cores ${d.cores}  latency ${d.latencyMs.toFixed(0)} ms (SLA ${problem.slaMs.toFixed(0)})`,
      ]);
    });

  solve.command('sponge').description('Sponge: fewest cores, then smallest batch, meeting every queued deadline')
    .requiredOption('--load <rps>', 'predicted λ, req/s').option('--slo <ms>', 'SLO of a request', '1000')
    .option('--queue <list>', 'remaining budgets (ms) of queued requests, e.g. 820,640', '')
    .option('--arrival-budget <ms>', 'budget of each predicted arrival (default: the smallest queued budget, or the SLO)')
    .option('--interval <s>', 'decision interval', '1')
    .option('--profile <name>', `latency fit: ${[...Object.keys(SPONGE_PROFILES), 'notebook'].join('|')}`, 'resnet18')
    .option('--headroom <x>', 'fraction of each budget to plan with', '0.9').option('--max-cores <n>', 'core cap', '16').option('--max-batch <n>', 'batch cap', '16')
    .option('--backend <name>', backendHelp, 'search').option('--json', 'print one JSON object')
    .action(async (o: Record<string, string | boolean | undefined>) => {
      const slo = num('--slo', String(o.slo), 1);
      const queue = list(String(o.queue ?? '')).map((b) => num('--queue', b));
      if (queue.some((b) => b > slo)) throw new UsageError(`--queue: a remaining budget cannot exceed --slo ${slo}`);
      const profile = oneOf('--profile', String(o.profile), [...(Object.keys(SPONGE_PROFILES) as SpongeProfileName[]), 'notebook'] as const);
      const model = profile === 'notebook' ? loadLatencyFits()[0] : fitLatencyModel(latencySamples(loadSpongeProfile(profile)));
      if (!model) throw new UsageError(`--profile ${profile}: the profile cannot determine the latency model`);
      const arrival = typeof o.arrivalBudget === 'string' ? num('--arrival-budget', o.arrivalBudget) : queue.length > 0 ? Math.min(...queue) : slo;
      const result = solveSponge({
        model, queueBudgetsMs: queue, loadRps: num('--load', String(o.load)), intervalS: num('--interval', String(o.interval), 1e-3), arrivalBudgetMs: arrival,
        headroom: num('--headroom', String(o.headroom)), maxCores: int('--max-cores', String(o.maxCores), 1), maxBatch: int('--max-batch', String(o.maxBatch), 1),
      }, await options(String(o.backend)));
      print(io, o.json === true, result, (d) => [`cores ${d.cores}  batch ${d.batch}  batch latency ${d.batchLatencyMs.toFixed(1)} ms  throughput ${d.throughputRps.toFixed(1)} req/s  (${d.requests} requests planned, last done at ${d.finishMs.toFixed(0)} ms)`]);
    });
};

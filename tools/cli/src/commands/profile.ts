import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  DEFAULT_SEARCH,
  appendPoints,
  idleLatencyMs,
  probeRate,
  profileCores,
  readPoints,
  readProfileDocument,
  settle,
  withProfiledVariant,
  writeProfileFile,
  type CapacityAnswer,
  type ProbeTarget,
  type ProfileEvent,
} from '@infscale/profiler';
import { dnsLabelProblem } from '@infscale/core';
import { deploymentCoresSetter } from '@infscale/kube';
import { numberFlag, optionalNumberFlag, SEED } from '../number-flag';
import { UsageError, type Io } from '../program';
import { formatTable } from '../table';
import type { RegisterCommand } from './index';
import { isLoopbackUrl } from './loadgen-summary';
import { fileReason, withFileFlag } from './file-errors';
import { checkOutputFile } from './output-file';
import { progressReporter } from './progress';

export interface ProfileFlags {
  url: string;
  variant: string;
  accuracy: string;
  loadTimeS: string;
  cores: string;
  slo: string;
  quantile: string;
  out: string;
  points?: string;
  startRps?: string;
  maxRps: string;
  tolerance: string;
  probeSeconds: string;
  warmupSeconds: string;
  bracketSeconds: string;
  maxProbes: string;
  timeoutMs?: string;
  body?: string;
  bodyFile?: string;
  seed: string;
  allowRemote?: boolean;
  kubeconfig?: string;
  context?: string;
  namespace: string;
  deployment?: string;
  container?: string;
  json?: boolean;
}

function list(flag: string, raw: string, range: Parameters<typeof numberFlag>[2]): number[] {
  const values = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => numberFlag(flag, s, range));
  if (values.length === 0) throw new UsageError(`${flag} needs at least one value, got "${raw}"`);
  if (new Set(values).size !== values.length) throw new UsageError(`${flag} lists a value twice: "${raw}"`);
  return values;
}

function target(flags: ProfileFlags, slos: number[]): ProbeTarget {
  let url: URL;
  try {
    url = new URL(flags.url);
  } catch {
    throw new UsageError(`--url must be an http URL, got "${flags.url}"`);
  }
  if (url.protocol !== 'http:') throw new UsageError(`--url must be http://…, got "${flags.url}"`);
  // Profiling is an overload test: only on loopback unless the user says the server is theirs.
  if (!isLoopbackUrl(url) && !flags.allowRemote)
    throw new UsageError(`--url ${flags.url} is not on loopback (127.0.0.1, localhost, [::1]); pass --allow-remote to profile a server you own`);
  if (flags.body !== undefined && flags.bodyFile !== undefined) throw new UsageError('give either --body or --body-file, not both');
  let body = flags.body;
  if (flags.bodyFile !== undefined) {
    try {
      body = readFileSync(flags.bodyFile, 'utf8');
    } catch (err) {
      throw new UsageError(`--body-file ${flags.bodyFile}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  // A request slower than twice the largest SLO is over every SLO: no need to wait for it longer.
  const requestTimeoutMs =
    optionalNumberFlag('--timeout-ms', flags.timeoutMs, { integer: true, min: 1, max: 3_600_000 }) ?? Math.max(1000, 2 * Math.max(...slos));
  return { url, requestTimeoutMs, ...(body !== undefined ? { body } : {}) };
}

/** The points CSV beside the profile: my-profile.yaml → my-profile.points.csv. */
export function pointsFileOf(out: string): string {
  return out.replace(/\.(ya?ml|json)$/i, '') + '.points.csv';
}

/** Measures, writes the file and returns every answer (for the table, the JSON and the tests). */
export async function profile(flags: ProfileFlags, io: Io): Promise<CapacityAnswer[]> {
  // The file goes to `helm -f` as it is: a name Kubernetes refuses must stop here, not at install.
  const badVariant = dnsLabelProblem(
    flags.variant,
    "the profile file is a values file of the chart, which names the variant's deployment and Service <task>-<variant>",
  );
  if (badVariant) throw new UsageError(`--variant "${flags.variant}": ${badVariant}`);
  const coreCounts = list('--cores', flags.cores, { integer: true, min: 1, max: 1024 });
  const slos = list('--slo', flags.slo, { above: 0, max: 3_600_000 });
  const quantile = numberFlag('--quantile', flags.quantile, { above: 0, below: 1 });
  const accuracy = numberFlag('--accuracy', flags.accuracy, { min: -1e6, max: 1e6 });
  const loadTimeS = numberFlag('--load-time-s', flags.loadTimeS, { min: 0, max: 86_400 });
  const seconds = (flag: string, raw: string, min: number) => numberFlag(flag, raw, { min, max: 3_600 });
  const search = {
    ...DEFAULT_SEARCH,
    quantile,
    maxRps: numberFlag('--max-rps', flags.maxRps, { above: 0, max: 1_000_000 }),
    tolerance: numberFlag('--tolerance', flags.tolerance, { above: 0, below: 1 }),
    bracketProbe: {
      durationS: seconds('--bracket-seconds', flags.bracketSeconds, 0.1),
      warmupS: Math.min(seconds('--warmup-seconds', flags.warmupSeconds, 0), 1),
    },
    refineProbe: { durationS: seconds('--probe-seconds', flags.probeSeconds, 0.1), warmupS: seconds('--warmup-seconds', flags.warmupSeconds, 0) },
    maxProbes: numberFlag('--max-probes', flags.maxProbes, { integer: true, min: 2, max: 1000 }),
  };
  const startFlag = optionalNumberFlag('--start-rps', flags.startRps, { above: 0, max: 1_000_000 });
  const seed = numberFlag('--seed', flags.seed, SEED);
  if (!/\.(ya?ml|json)$/i.test(flags.out)) throw new UsageError(`-o/--out is the profile file (.yaml, .yml or .json), got "${flags.out}"`);
  if (flags.deployment === undefined && coreCounts.length > 1) {
    throw new UsageError(
      `--cores ${flags.cores}: without --deployment the server runs with the cores you gave it, so name one core count per run (or pass --kubeconfig/--deployment to have its pod resized between them)`,
    );
  }
  for (const f of ['kubeconfig', 'context', 'container'] as const)
    if (flags[f] !== undefined && flags.deployment === undefined) throw new UsageError(`--${f} needs --deployment`);
  const probeTarget = target(flags, slos);
  const pointsFile = flags.points ?? pointsFileOf(flags.out);
  // Both files are checked and read before anything is sent: a bad one stops the run before the load does.
  checkOutputFile('-o', flags.out, { replace: true });
  checkOutputFile('--points', pointsFile, { replace: true });
  const doc = withFileFlag('-o', flags.out, () => readProfileDocument(flags.out));
  const known = withFileFlag('--points', pointsFile, () => readPoints(pointsFile));
  const setCores =
    flags.deployment === undefined
      ? undefined
      : deploymentCoresSetter({
          namespace: flags.namespace,
          deployment: flags.deployment,
          ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}),
          ...(flags.context ? { context: flags.context } : {}),
          ...(flags.container ? { container: flags.container } : {}),
        });

  const searches = coreCounts.length * slos.length;
  const bar = progressReporter(
    io,
    'profile [{bar}] {value}/{total} searches | {probe}',
    (done, total, f) => `profile: ${done}/${total} searches done${f.probe ? `; ${f.probe}` : ''}`,
  );
  let finished = 0;
  const onEvent = (e: ProfileEvent): void => {
    if (e.kind === 'probe')
      bar.update(finished, searches, {
        probe: `${e.cores} cores, probe ${e.probe}: ${e.rateRps} req/s for ${e.warmupS}+${e.durationS} s (${e.phase}, SLO ${e.sloMs} ms)`,
      });
    if (e.kind === 'measured' && !process.stderr.isTTY)
      io.err(
        `profile: ${e.cores} cores, probe ${e.probe}: ${e.rateRps} req/s → p${Math.round(quantile * 1000) / 10} ${Number.isFinite(e.quantileMs) ? `${e.quantileMs.toFixed(1)} ms` : 'failed'} (${e.requests} requests, ${e.failed} failed)`,
      );
    if (e.kind === 'done')
      bar.update(++finished, searches, {
        probe: `${e.answer.cores} cores, SLO ${e.answer.sloMs} ms: ${e.answer.capacityRps.toFixed(1)} req/s (${e.answer.reason})`,
      });
    if (e.kind === 'unsettled')
      io.err(`profile: warning: after probe ${e.afterProbe} the server did not come back to its idle latency within 60 s; the next probe may start on a queue`);
  };

  const answers: CapacityAnswer[] = [];
  let previous: { cores: number; capacityRps: number } | undefined;
  try {
    for (const cores of coreCounts) {
      if (setCores) {
        io.err(`profile: resizing ${flags.namespace}/${flags.deployment} to ${cores} cores`);
        await setCores(cores);
      }
      // The idle latency is measured when needed only: a rerun whose points finish every search sends nothing.
      let idle: Promise<number> | undefined;
      const idleMs = () => (idle ??= idleLatencyMs(probeTarget));
      const measured = known.some((p) => p.variant === flags.variant && p.cores === cores && p.quantile === quantile);
      // Start from the last core count's capacity scaled by the cores, else from one request at a time.
      const startRps =
        startFlag ?? (previous && previous.capacityRps > 0 ? (previous.capacityRps * cores) / previous.cores : measured ? 1 : 1000 / (await idleMs()));
      const mine = await profileCores(
        {
          variant: flags.variant,
          cores,
          slosMs: slos,
          search: { ...search, startRps },
          known,
          seed: seed + 1000 * cores,
          record: (rows) => withFileFlag('--points', pointsFile, () => appendPoints(pointsFile, rows)),
          onEvent,
        },
        {
          probe: (rate, length, s) => probeRate(probeTarget, rate, length, s, { quantile, maxSloMs: Math.max(...slos) }),
          settle: async () => settle(probeTarget, await idleMs(), 60_000),
          now: () => new Date(),
        },
      );
      answers.push(...mine);
      const first = mine.find((a) => a.sloMs === slos[0]);
      if (first) previous = { cores, capacityRps: first.capacityRps };
    }
  } finally {
    bar.stop();
  }
  const header = [
    `InfAdapter profile of ${flags.variant}, written by \`infscale profile\` (${new Date().toISOString()}):`,
    `capacity = the highest Poisson rate whose p${quantile * 100} latency (failures and timeouts as late) stays within sloMs, per core count;`,
    `every probe is in ${pointsFile}. Use it as --profile-file (solve, simulate, compare) and as a values file of the chart (helm -f).`,
  ].join('\n');
  try {
    writeProfileFile(flags.out, withProfiledVariant(doc, { name: flags.variant, accuracy, loadTimeS }, answers, slos[0]!), header);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === undefined) throw err;
    // The probes are in the points file: a rerun with a writable -o finds them and sends nothing.
    throw new UsageError(`-o ${flags.out}: cannot write: ${fileReason(err)}; the measurements are kept in ${pointsFile}`);
  }
  return answers;
}

export const registerProfile: RegisterCommand = (program: Command, io: Io) => {
  program
    .command('profile')
    .description(
      "Measure a model server's capacity as the InfAdapter paper did: the highest Poisson rate whose p99 latency stays within the SLO, " +
        'found by search (doubling until a probe misses the SLO, then bisecting with long probes), for each core count and SLO; writes the profile file ' +
        '(YAML, usable as --profile-file and as a chart values file) and every probe to a CSV; a rerun skips what the CSV holds. ' +
        'A probe sends Poisson arrivals open-loop, discards its warm-up and counts failures and timeouts as over the SLO',
    )
    .requiredOption('--url <url>', "the server's predict URL, e.g. http://127.0.0.1:8080/predict (POSTed; loopback only unless --allow-remote)")
    .requiredOption('--variant <name>', "the variant's name in the profile file: a Kubernetes DNS-1123 label (lower case, digits, '-'; ≤ 63), e.g. resnet-50")
    .requiredOption('--accuracy <x>', "the variant's accuracy (e.g. top-1 as a fraction): the scalers' objective weighs it")
    .requiredOption(
      '--cores <list>',
      'cores the server runs with: one count (you set it), or a list such as 1,2,4 with --deployment (the pod is resized in place between them)',
    )
    .requiredOption('-o, --out <file>', "the profile file to write (.yaml or .json); an existing one gets this variant's points added")
    .option('--slo <list>', "latency SLOs in ms, e.g. 500,750,1000 (the first is the file's SLO when it has none)", '750')
    .option('--quantile <q>', 'the latency quantile held to the SLO', '0.99')
    .option('--load-time-s <s>', 'seconds from pod start until it serves (the loading-cost term; not measured)', '0')
    .option('--points <file>', 'CSV of every probe (default: <out>.points.csv); a rerun reads it and skips what was measured')
    .option('--start-rps <x>', "first rate probed (default: the previous core count's capacity scaled by the cores, else 1000 / the idle latency)")
    .option('--max-rps <x>', 'never probe above this rate; a server that holds it is reported at it', '10000')
    .option('--tolerance <x>', 'stop when the bracket is narrower than this share of its upper end', String(DEFAULT_SEARCH.tolerance))
    .option('--probe-seconds <s>', 'measured seconds of a probe inside the bracket (longer: less noise)', String(DEFAULT_SEARCH.refineProbe.durationS))
    .option('--warmup-seconds <s>', 'seconds sent and discarded before measuring (bracket probes: at most 1)', String(DEFAULT_SEARCH.refineProbe.warmupS))
    .option('--bracket-seconds <s>', 'measured seconds of a probe while bracketing', String(DEFAULT_SEARCH.bracketProbe.durationS))
    .option('--max-probes <n>', 'give up on a search after this many probes', String(DEFAULT_SEARCH.maxProbes))
    .option('--timeout-ms <ms>', 'a request not answered by then fails (default: twice the largest SLO, at least 1000)')
    .option('--body <json>', 'request body (default {})')
    .option('--body-file <file>', 'request body from a file, e.g. an encoded image')
    .option('--seed <n>', 'seed of the arrival times', '1')
    .option('--allow-remote', 'allow a --url that is not on loopback (a server you own)')
    .option('--kubeconfig <file>', 'with --deployment: the kubeconfig (default: the usual places)')
    .option('--context <name>', 'with --deployment: the kubeconfig context')
    .option('--namespace <ns>', 'with --deployment: its namespace', 'default')
    .option('--deployment <name>', "resize this deployment's pods in place (pods/resize, Kubernetes ≥ 1.33) to each --cores before probing")
    .option('--container <name>', 'with --deployment: the container to resize (default the first)')
    .option('--json', 'print the answers as one JSON object')
    .action(async (flags: ProfileFlags) => {
      const answers = await profile(flags, io);
      if (flags.json)
        return io.out(JSON.stringify({ variant: flags.variant, out: flags.out, points: flags.points ?? pointsFileOf(flags.out), capacities: answers }));
      io.out(
        formatTable(
          ['cores', 'SLO ms', 'capacity req/s', 'over the SLO at', 'how'],
          answers.map((a) => [a.cores, a.sloMs, a.capacityRps, Number.isFinite(a.failRps) ? a.failRps : '-', a.reason]),
        ),
      );
      io.out(`profile: ${flags.out}; points: ${flags.points ?? pointsFileOf(flags.out)}`);
    });
};
